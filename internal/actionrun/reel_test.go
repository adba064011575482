package actionrun_test

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// reelBin is the real reel, built from this checkout by TestMain: the
// action's steps run it from PATH.
var reelBin string

// TestMain builds reel into a temporary folder for the action's steps to
// run, and lets the test binary stand in for gh (GitHub's CLI, which
// talks to GitHub) through the wrapper standIns writes.
func TestMain(m *testing.M) {
	if os.Getenv("REEL_FAKE_AS") == "gh" {
		os.Exit(fakeGh(os.Args[1:]))
	}
	os.Exit(runTests(m))
}

func runTests(m *testing.M) int {
	dir, err := os.MkdirTemp("", "actionrun-reel")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(dir)
	reelBin = filepath.Join(dir, "reel")
	build := exec.Command("go", "build", "-o", reelBin, ".")
	build.Dir = filepath.Join("..", "..")
	if out, err := build.CombinedOutput(); err != nil {
		fmt.Fprintf(os.Stderr, "building reel: %v\n%s", err, out)
		return 1
	}
	return m.Run()
}

// standIns makes a folder for PATH with the gh stand-in and reel: the
// real one, run through a wrapper that records its folder and arguments
// in $REEL_FAKE_DIR/reel.calls, a line each, tab-separated.
func standIns(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	script := fmt.Sprintf("#!/bin/sh\nREEL_FAKE_AS=gh exec %q \"$@\"\n", self)
	if err := os.WriteFile(filepath.Join(dir, "gh"), []byte(script), 0o755); err != nil {
		t.Fatal(err)
	}
	reel := fmt.Sprintf("#!/bin/sh\n{ printf '%%s' \"$PWD\"; for a in \"$@\"; do printf '\\t%%s' \"$a\"; done; echo; } >> \"$REEL_FAKE_DIR/reel.calls\"\nexec %q \"$@\"\n", reelBin)
	if err := os.WriteFile(filepath.Join(dir, "reel"), []byte(reel), 0o755); err != nil {
		t.Fatal(err)
	}
	return dir
}

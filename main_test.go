package main

import (
	"io/fs"
	"os"
	"path/filepath"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
)

// TestMain lets the txtar scripts run reel as a command, in-process.
func TestMain(m *testing.M) {
	testscript.Main(m, map[string]func(){
		"reel": func() { os.Exit(runChecked(os.Args[1:])) },
	})
}

// TestScripts runs testdata/script/*.txtar: the CLI as a user drives it.
// $EXAMPLES is the repository's examples/ folder.
func TestScripts(t *testing.T) {
	examples, err := filepath.Abs("examples")
	if err != nil {
		t.Fatal(err)
	}
	testscript.Run(t, testscript.Params{
		Dir:  filepath.Join("testdata", "script"),
		Cmds: withCmds(scriptCmds(), extraCmds()),
		Setup: func(e *testscript.Env) error {
			jsonKept(e)
			e.Setenv("EXAMPLES", examples)
			// the sandbox keeps its jobs under the user cache folder
			e.Setenv("XDG_CACHE_HOME", filepath.Join(e.WorkDir, ".cache"))
			// a writable copy of the examples, and its launch manifest as it was
			if err := copyExamples(examples, filepath.Join(e.WorkDir, "examples")); err != nil {
				return err
			}
			launch, err := os.ReadFile(filepath.Join(examples, "videos", "shorts", "launch.yaml"))
			if err != nil {
				return err
			}
			return os.WriteFile(filepath.Join(e.WorkDir, "examples-launch.yaml"), launch, 0o644)
		},
	})
}

// copyExamples copies the examples' sources, leaving out what a run of the
// main job may have left there (out/, reel.lock).
func copyExamples(from, to string) error {
	return filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		if rel == "out" || rel == "reel.lock" {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return os.MkdirAll(filepath.Join(to, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(to, rel), data, 0o644)
	})
}

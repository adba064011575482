package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/jsoncheck"
	"github.com/rogpeppe/go-internal/testscript"
)

// jsonFormatOf says which format a reel command line's stdout must follow:
// that of its command when it has --json (TestEveryJSONCommandHasASchema
// holds that every command that takes --json has one).
func jsonFormatOf(args []string) (cli.JSON, string, bool) {
	cmd, rest := commandIn(args)
	asJSON := false
	for _, a := range rest {
		if a == "--" {
			break
		}
		if a == "--json" || a == "-json" || a == "--json=true" || a == "-json=true" {
			asJSON = true
		}
	}
	c, ok := commands.Lookup(cmd)
	if !ok || c.JSON == nil {
		return cli.JSON{}, cmd, false
	}
	return *c.JSON, cmd, asJSON
}

// commandIn finds the command in a command line, past the global flags.
func commandIn(args []string) (string, []string) {
	for i := 0; i < len(args); i++ {
		a := args[i]
		switch {
		case a == "-C" || a == "--C" || a == "-provider" || a == "--provider":
			i++ // its value
		case strings.HasPrefix(a, "-"):
		default:
			return a, args[i+1:]
		}
	}
	return "", nil
}

// checkJSON holds what a reel command line printed on stdout to its --json
// format, if it has --json. A usage error (exit 2) that printed nothing
// is let be: it may come before the flags say --json.
func checkJSON(t testing.TB, args []string, stdout string, code int) {
	t.Helper()
	f, _, ok := jsonFormatOf(args)
	if !ok || code == exitUsage && stdout == "" {
		return
	}
	w := &jsoncheck.Writer{W: discard{}, Schema: f.Schema, Stream: f.Stream}
	w.Write([]byte(stdout))
	if err := w.Close(); err != nil {
		t.Errorf("reel %s: stdout breaks its --json promise: %v", strings.Join(args, " "), err)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

// brokenJSON is the file under a script's $WORK where reel, run by the
// script, notes stdout that broke its --json promise; jsonKept fails the
// script if it exists.
const brokenJSON = ".reel-test-json-broken"

// runChecked is reel as the scripts run it: with --json, stdout goes
// through a checker as it is written, and a broken promise is noted in
// $WORK (a script may expect the command to fail, or kill it).
func runChecked(args []string) int {
	f, _, ok := jsonFormatOf(args)
	if !ok {
		return run(args, os.Stdout, os.Stderr)
	}
	note := func(err error) {
		msg := fmt.Sprintf("reel %s: stdout breaks its --json promise: %v\n", strings.Join(args, " "), err)
		os.Stderr.WriteString(msg)
		if work := os.Getenv("WORK"); work != "" {
			if fh, ferr := os.OpenFile(filepath.Join(work, brokenJSON), os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644); ferr == nil {
				fh.WriteString(msg)
				fh.Close()
			}
		}
	}
	w := &jsoncheck.Writer{W: os.Stdout, Schema: f.Schema, Stream: f.Stream}
	w.OnFail = note
	code := run(args, w, os.Stderr)
	if code == exitUsage && w.Written() == 0 {
		return code
	}
	w.Close()
	return code
}

// jsonKept fails a script whose reel commands broke a --json promise.
func jsonKept(e *testscript.Env) {
	e.Defer(func() {
		if data, err := os.ReadFile(filepath.Join(e.WorkDir, brokenJSON)); err == nil {
			e.T().Fatal(string(data))
		}
	})
}

// Every command that takes --json has a format, and what it prints in a
// folder with no project (an error) follows it.
func TestEveryJSONCommandHasASchema(t *testing.T) {
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, k := range []string{"HEYGEN_API_KEY", "FAL_KEY", "PIXELDOJO_API_KEY"} {
		t.Setenv(k, "") // voices and avatars stop before asking anyone
	}
	noFlags := map[string]bool{"help": true, "version": true} // they read no flags at all
	dir := t.TempDir()
	for _, c := range commands.Commands {
		if c.Hidden() {
			continue // what the completion scripts call: no output of its own to hold to a format
		}
		out, errs, code := reelIn(t, dir, c.Name, "--json")
		known := c.JSON != nil
		refused := code == exitUsage // in a folder with no project, the others fail with 1
		if !noFlags[c.Name] && known == refused {
			t.Errorf("reel %s --json (exit %d): refused %v, has a format %v:\n%s%s", c.Name, code, refused, known, out, errs)
		}
		if known && out == "" {
			t.Errorf("reel %s --json (exit %d) printed nothing on stdout; stderr:\n%s", c.Name, code, errs)
		}
	}
}

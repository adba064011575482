package actionrun_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/cireport"
)

// TestMain lets the test binary stand in for reel and gh: the action's
// steps run them from PATH through the wrappers standIns writes.
func TestMain(m *testing.M) {
	switch os.Getenv("REEL_FAKE_AS") {
	case "reel":
		os.Exit(fakeReel(os.Args[1:]))
	case "gh":
		os.Exit(fakeGh(os.Args[1:]))
	}
	os.Exit(m.Run())
}

// standIns writes the reel and gh wrappers into a folder for PATH.
func standIns(t *testing.T) string {
	t.Helper()
	self, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	for _, name := range []string{"reel", "gh"} {
		script := fmt.Sprintf("#!/bin/sh\nREEL_FAKE_AS=%s exec %q \"$@\"\n", name, self)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(script), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// fakeReel is reel as the action runs it, once its commands are wired to
// cireport: it reports the errors of $REEL_FAKE_DIR/errors.txt (lines as
// reel validate prints them) or the plan of $REEL_FAKE_DIR/plan.json, on
// GitHub's channels when GITHUB_ACTIONS=true, and records each call.
func fakeReel(args []string) int {
	dir := os.Getenv("REEL_FAKE_DIR")
	cwd, _ := os.Getwd()
	record(filepath.Join(dir, "reel.calls"), map[string]any{"args": args, "dir": cwd, "heygen_key": os.Getenv("HEYGEN_API_KEY") != ""})
	where := cireport.Where{Repo: os.Getenv("GITHUB_WORKSPACE"), Project: cwd}
	if len(args) == 0 {
		return 2
	}
	var err error
	code := 0
	switch args[0] {
	case "validate":
		code, err = fakeValidate(dir, where)
	case "plan", "render":
		code, err = fakePlan(dir, where, args[1:])
	default:
		fmt.Fprintf(os.Stderr, "reel: unknown command %q\n", args[0])
		return 2
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "reel:", err)
		return 1
	}
	return code
}

func fakeValidate(dir string, where cireport.Where) (int, error) {
	data, err := os.ReadFile(filepath.Join(dir, "errors.txt"))
	if err != nil {
		return 0, err
	}
	v := cireport.Validation{Problems: problemsOf(string(data))}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		if err := cireport.Annotate(os.Stdout, where, v.Problems); err != nil {
			return 0, err
		}
		if err := appendTo("GITHUB_STEP_SUMMARY", func(f *os.File) error { return cireport.ValidationSummary(f, where, v) }); err != nil {
			return 0, err
		}
		if err := appendTo("GITHUB_OUTPUT", func(f *os.File) error { return cireport.WriteOutputs(f, cireport.ValidationOutputs(v)) }); err != nil {
			return 0, err
		}
	}
	if len(v.Problems) > 0 {
		fmt.Fprintf(os.Stderr, "reel: %d errors\n", len(v.Problems))
		return 1, nil
	}
	return 0, nil
}

func fakePlan(dir string, where cireport.Where, args []string) (int, error) {
	data, err := os.ReadFile(filepath.Join(dir, "plan.json"))
	if err != nil {
		return 0, err
	}
	var p cireport.Plan
	if err := json.Unmarshal(data, &p); err != nil {
		return 0, err
	}
	markdown := false
	for i, a := range args {
		switch {
		case a == "--max-cost" && i+1 < len(args):
			if p.Budget, err = strconv.ParseFloat(args[i+1], 64); err != nil {
				return 2, nil
			}
		case a == "--format" && i+1 < len(args):
			markdown = args[i+1] == "markdown"
		}
	}
	if markdown {
		return 0, cireport.Comment(os.Stdout, where, p, os.Getenv("GITHUB_SHA"))
	}
	if err := cireport.Group(os.Stdout, p.Summary(), fmt.Sprintf("%d videos", len(p.Rows))); err != nil {
		return 0, err
	}
	if os.Getenv("GITHUB_ACTIONS") == "true" {
		if err := appendTo("GITHUB_STEP_SUMMARY", func(f *os.File) error { return cireport.PlanSummary(f, where, p) }); err != nil {
			return 0, err
		}
		if err := appendTo("GITHUB_OUTPUT", func(f *os.File) error { return cireport.WriteOutputs(f, cireport.PlanOutputs(p)) }); err != nil {
			return 0, err
		}
	}
	return 0, nil
}

// appendTo appends to the file a runner's variable names.
func appendTo(variable string, write func(*os.File) error) error {
	f, err := os.OpenFile(os.Getenv(variable), os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		return err
	}
	if err := write(f); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// errorLine is a line of reel validate: file:line:col: field: message, or
// file:line:col: message (a field is a name without spaces).
var (
	errorLine = regexp.MustCompile(`^(.+?):(\d+):(\d+): (.*)$`)
	fieldPart = regexp.MustCompile(`^([A-Za-z_][A-Za-z0-9_.\[\]@-]*): (.*)$`)
)

func problemsOf(text string) []cireport.Problem {
	var out []cireport.Problem
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		m := errorLine.FindStringSubmatch(line)
		if m == nil {
			continue
		}
		p := cireport.Problem{File: m[1], Message: m[4]}
		p.Line, _ = strconv.Atoi(m[2])
		p.Col, _ = strconv.Atoi(m[3])
		if f := fieldPart.FindStringSubmatch(m[4]); f != nil {
			p.Field, p.Message = f[1], f[2]
		}
		out = append(out, p)
	}
	return out
}

// fakeGh is the GitHub CLI's gh api, against the comments of
// $REEL_FAKE_DIR/comments.json: gh api user fails as it does with a
// workflow's token, a listing is filtered by its --jq with jq, and a
// POST or PATCH is recorded with the body it sends. With
// $REEL_FAKE_DIR/gh.fail present, every write fails.
func fakeGh(args []string) int {
	dir := os.Getenv("REEL_FAKE_DIR")
	if len(args) < 2 || args[0] != "api" {
		return 2
	}
	call := map[string]any{"args": args}
	defer record(filepath.Join(dir, "gh.calls"), call)
	method, jq, path := "GET", "", ""
	for i := 1; i < len(args); i++ {
		switch a := args[i]; {
		case a == "-X" && i+1 < len(args):
			method, i = args[i+1], i+1
		case a == "--jq" && i+1 < len(args):
			jq, i = args[i+1], i+1
		case a == "-F" && i+1 < len(args):
			name, file, _ := strings.Cut(args[i+1], "=@")
			body, err := os.ReadFile(file)
			if err != nil {
				return 1
			}
			call[name], i = string(body), i+1
		case a == "--paginate":
		case !strings.HasPrefix(a, "-"):
			path = a
		}
	}
	call["method"], call["path"] = method, path
	switch {
	case path == "user":
		fmt.Fprintln(os.Stderr, "gh: Resource not accessible by integration (HTTP 403)")
		return 1
	case method == "GET":
		cmd := exec.Command("jq", "-r", jq, filepath.Join(dir, "comments.json"))
		cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
		if cmd.Run() != nil {
			return 1
		}
		return 0
	}
	if _, err := os.Stat(filepath.Join(dir, "gh.fail")); err == nil {
		fmt.Fprintln(os.Stderr, "gh: Resource not accessible by integration (HTTP 403)")
		return 1
	}
	fmt.Println("{}")
	return 0
}

// record appends one call to a file of JSON lines.
func record(file string, call map[string]any) {
	b, _ := json.Marshal(call)
	f, err := os.OpenFile(file, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return
	}
	defer f.Close()
	f.Write(append(b, '\n'))
}

package actionrun_test

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

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

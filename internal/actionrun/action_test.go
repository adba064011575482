package actionrun_test

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/actionrun"
	"github.com/reel-dev/reel/internal/cireport"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// actionFile is the repository's action.
var actionFile = filepath.Join("..", "..", "action.yml")

// world is a repository with a reel project in site/, a runner's temp
// folder, and the stand-ins' fixtures and records.
type world struct {
	repo, site, fake, bin, temp string
}

func newWorld(t *testing.T) *world {
	t.Helper()
	w := &world{repo: t.TempDir(), fake: t.TempDir(), bin: standIns(t), temp: t.TempDir()}
	w.site = filepath.Join(w.repo, "site")
	if err := os.MkdirAll(w.site, 0o755); err != nil {
		t.Fatal(err)
	}
	return w
}

func (w *world) write(t *testing.T, name, data string) {
	t.Helper()
	if err := os.WriteFile(filepath.Join(w.fake, name), []byte(data), 0o644); err != nil {
		t.Fatal(err)
	}
}

// run runs the action as a workflow step on pull request 7 would, with
// the install step left out (the reel of this checkout is on PATH), and
// env the caller's (secrets).
func (w *world) run(t *testing.T, inputs map[string]string, env map[string]string) *actionrun.Result {
	t.Helper()
	e := map[string]string{
		"REEL_FAKE_DIR":     w.fake,
		"XDG_CACHE_HOME":    filepath.Join(w.temp, "cache"),
		"GITHUB_REPOSITORY": "acme/videos",
		"GITHUB_SHA":        "abc1234",
	}
	for k, v := range env {
		e[k] = v
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	r, err := actionrun.Run(ctx, actionFile, actionrun.Options{
		Inputs:    inputs,
		Workspace: w.repo,
		Env:       e,
		Github:    map[string]string{"token": "ghs_workflowtoken", "event.pull_request.number": "7"},
		Path:      []string{w.bin},
		Skip:      map[string]bool{"install": true},
		Temp:      w.temp,
	})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// calls reads a stand-in's recorded calls.
func (w *world) calls(t *testing.T, name string) []map[string]any {
	t.Helper()
	f, err := os.Open(filepath.Join(w.fake, name+".calls"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []map[string]any
	s := bufio.NewScanner(f)
	s.Buffer(nil, 1<<20)
	for s.Scan() {
		var c map[string]any
		if err := json.Unmarshal(s.Bytes(), &c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	return out
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/actionrun -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// outputsText is the outputs that are set as sorted name=value lines, for
// a golden.
func outputsText(outs map[string]string) string {
	var lines []string
	for k, v := range outs {
		if v == "" {
			continue
		}
		lines = append(lines, k+"="+strings.ReplaceAll(v, "\n", `\n`))
	}
	sort.Strings(lines)
	return strings.Join(lines, "\n") + "\n"
}

func commandsText(cmds []actionrun.Command) string {
	var b strings.Builder
	for _, c := range cmds {
		b.WriteString(cireport.Command(c.Name, props(c), c.Data) + "\n")
	}
	return b.String()
}

// props are a command's properties in the order GitHub documents them.
func props(c actionrun.Command) []cireport.Prop {
	var out []cireport.Prop
	for _, name := range []string{"file", "line", "col", "title"} {
		if v, ok := c.Props[name]; ok {
			out = append(out, cireport.Prop{Name: name, Value: v})
		}
	}
	return out
}

// reelCall is one run of reel by the action: its folder and arguments.
type reelCall struct {
	dir  string
	args []string
}

// reelCalls reads the runs of reel the wrapper recorded.
func (w *world) reelCalls(t *testing.T) []reelCall {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(w.fake, "reel.calls"))
	if os.IsNotExist(err) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var out []reelCall
	for _, line := range strings.Split(strings.TrimSuffix(string(data), "\n"), "\n") {
		f := strings.Split(line, "\t")
		out = append(out, reelCall{dir: f[0], args: f[1:]})
	}
	return out
}

package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/reel-dev/reel/render/provider/registry"
	"github.com/rogpeppe/go-internal/testscript"
)

// The script commands behind the reel watch scripts. testscript's own
// background commands show their output only once they end; a watch
// script must see each re-plan as it comes, so `watch start` runs reel
// watch itself and the other subcommands wait for its output:
//
//	watch start ARGS...   start reel watch ARGS, wait for its first plan
//	! watch start ARGS... reel watch ARGS must exit with an error before it
//	                      starts watching; stdout and stderr are its own
//	watch replans N       wait for the Nth re-plan; stdout is that re-plan
//	watch rendered N      wait for the Nth "Rendered" line; stdout is all output
//	watch until REGEXP    wait for output matching REGEXP; stdout is all output
//	watch stop            Ctrl-C; it must exit 0 (or not, with !)
//
// A wait fails when reel watch exits first, or after watchTimeout: there
// is no fixed sleep, and nothing is timed.
const (
	watchTimeout = 60 * time.Second
	watchPoll    = 10 * time.Millisecond
)

type watchProc struct {
	cmd    *exec.Cmd
	stdout syncBuffer
	stderr syncBuffer
	done   chan struct{}
	err    error
}

type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

var (
	watchesMu sync.Mutex
	watches   = map[*testscript.TestScript]*watchProc{}
)

func cmdWatch(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: watch start ARGS... | replans N | rendered N | until REGEXP | stop"
	if len(args) == 0 {
		ts.Fatalf(usage)
	}
	if args[0] == "start" && neg {
		failWatch(ts, args[1:])
		return
	}
	if args[0] == "start" {
		startWatch(ts, args[1:])
		return
	}
	watchesMu.Lock()
	w := watches[ts]
	watchesMu.Unlock()
	if w == nil {
		ts.Fatalf("no reel watch: run `watch start` first")
	}
	switch {
	case args[0] == "replans" && len(args) == 2:
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		w.waitFor(ts, fmt.Sprintf("re-plan %d", n), func(out string) bool {
			blocks := replans(out)
			if len(blocks) > n {
				ts.Fatalf("%d re-plans; want %d:\n%s", len(blocks), n, out)
			}
			if len(blocks) == n {
				fmt.Fprint(ts.Stdout(), blocks[n-1])
				return true
			}
			return false
		})
	case args[0] == "rendered" && len(args) == 2:
		n, err := strconv.Atoi(args[1])
		ts.Check(err)
		re := regexp.MustCompile(`(?m)^Rendered `)
		w.waitFor(ts, fmt.Sprintf("%d renders", n), func(out string) bool {
			got := len(re.FindAllString(out, -1))
			if got > n {
				ts.Fatalf("%d render batches; want %d:\n%s", got, n, out)
			}
			return got == n && w.show(ts, out)
		})
	case args[0] == "until" && len(args) == 2:
		re, err := regexp.Compile("(?m)" + args[1])
		ts.Check(err)
		w.waitFor(ts, args[1], func(out string) bool { return re.MatchString(out) && w.show(ts, out) })
	case args[0] == "stop" && len(args) == 1:
		w.cmd.Process.Signal(os.Interrupt)
		select {
		case <-w.done:
		case <-time.After(watchTimeout):
			ts.Fatalf("reel watch did not stop within %v of Ctrl-C:\n%s%s", watchTimeout, w.stdout.String(), w.stderr.String())
		}
		watchesMu.Lock()
		delete(watches, ts)
		watchesMu.Unlock()
		fmt.Fprint(ts.Stdout(), w.stdout.String())
		fmt.Fprint(ts.Stderr(), w.stderr.String())
		if (w.err == nil) == neg {
			ts.Fatalf("reel watch exited with %v after Ctrl-C", w.err)
		}
	default:
		ts.Fatalf(usage)
	}
}

func startWatch(ts *testscript.TestScript, args []string) {
	w := launchWatch(ts, args)
	watchesMu.Lock()
	watches[ts] = w
	watchesMu.Unlock()
	w.waitFor(ts, "the first plan", func(out string) bool {
		return strings.Contains(out, "watching") && w.show(ts, out)
	})
}

// launchWatch starts reel watch ARGS in the script's folder; the script's
// end kills it.
func launchWatch(ts *testscript.TestScript, args []string) *watchProc {
	bin, err := exec.LookPath("reel") // testscript put it on PATH
	ts.Check(err)
	w := &watchProc{cmd: exec.Command(bin, append([]string{"watch"}, args...)...), done: make(chan struct{})}
	w.cmd.Dir = ts.MkAbs(".")
	w.cmd.Env = scriptEnv(ts)
	w.cmd.Stdout, w.cmd.Stderr = &w.stdout, &w.stderr
	ts.Check(w.cmd.Start())
	go func() { w.err = w.cmd.Wait(); close(w.done) }()
	ts.Defer(func() {
		w.cmd.Process.Signal(syscall.SIGKILL)
		<-w.done
	})
	return w
}

// failWatch runs reel watch ARGS, which must exit with an error before it
// starts watching: a watch that started would run until the test's end.
func failWatch(ts *testscript.TestScript, args []string) {
	w := launchWatch(ts, args)
	w.waitFor(ts, "its exit", func(out string) bool {
		if strings.Contains(out, "watching") {
			ts.Fatalf("reel watch started watching; want it to exit with an error:\n%s%s", out, w.stderr.String())
		}
		select {
		case <-w.done:
			return true
		default:
			return false
		}
	})
	fmt.Fprint(ts.Stdout(), w.stdout.String())
	fmt.Fprint(ts.Stderr(), w.stderr.String())
	if w.err == nil {
		ts.Fatalf("reel watch exited 0; want an error")
	}
}

// scriptEnv is the script's environment for a command it starts itself.
func scriptEnv(ts *testscript.TestScript) []string {
	var env []string
	keys := []string{"PATH", "HOME", "TMPDIR", "WORK", "XDG_CACHE_HOME", "GOCOVERDIR"}
	for _, p := range registry.All() { // every provider's key and hosts, as a script's fakes set them
		keys = append(keys, p.KeyEnv)
		for _, u := range p.URLs {
			keys = append(keys, u.Env)
		}
	}
	for _, k := range keys {
		if v := ts.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

// waitFor polls the output until ok says it holds.
func (w *watchProc) waitFor(ts *testscript.TestScript, what string, ok func(stdout string) bool) {
	deadline := time.Now().Add(watchTimeout)
	for {
		out := w.stdout.String()
		if ok(out) {
			return
		}
		select {
		case <-w.done:
			if ok(w.stdout.String()) {
				return
			}
			ts.Fatalf("reel watch exited (%v) before %s:\n%s%s", w.err, what, w.stdout.String(), w.stderr.String())
		case <-time.After(watchPoll):
		}
		if time.Now().After(deadline) {
			ts.Fatalf("no %s within %v:\n%s%s", what, watchTimeout, w.stdout.String(), w.stderr.String())
		}
	}
}

func (w *watchProc) show(ts *testscript.TestScript, out string) bool {
	fmt.Fprint(ts.Stdout(), out)
	fmt.Fprint(ts.Stderr(), w.stderr.String())
	return true
}

// replans splits reel watch's plain output into its re-plans: from a
// "changed:" line to the "Plan:" line that ends it.
func replans(out string) []string {
	var blocks []string
	var cur *strings.Builder
	for _, line := range strings.SplitAfter(out, "\n") {
		if strings.HasPrefix(line, "changed: ") {
			cur = &strings.Builder{}
		}
		if cur == nil {
			continue
		}
		cur.WriteString(line)
		if strings.HasPrefix(line, "Plan: ") {
			blocks = append(blocks, cur.String())
			cur = nil
		}
	}
	return blocks
}

// cmdTouch sets files' modification time a second on, changing nothing
// else: touch FILE...
func cmdTouch(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) == 0 {
		ts.Fatalf("usage: touch FILE...")
	}
	for _, f := range args {
		st, err := os.Stat(ts.MkAbs(f))
		ts.Check(err)
		t := st.ModTime().Add(time.Second)
		ts.Check(os.Chtimes(ts.MkAbs(f), t, t))
	}
}

// cmdManifests writes N small valid manifests into DIR as fast as it can,
// as a git checkout or a generator does: manifests N DIR
func cmdManifests(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 2 {
		ts.Fatalf("usage: manifests N DIR")
	}
	n, err := strconv.Atoi(args[0])
	ts.Check(err)
	dir := ts.MkAbs(args[1])
	ts.Check(os.MkdirAll(dir, 0o755))
	for i := range n {
		body := fmt.Sprintf("title: Burst %d\navatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Burst number %d says hello.}]\n", i, i)
		ts.Check(os.WriteFile(filepath.Join(dir, fmt.Sprintf("b%03d.yaml", i)), []byte(body), 0o644))
	}
}

// cmdReplace edits a file in place, a plain write as most editors do
// without a swap file: replace FILE OLD NEW
func cmdReplace(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) != 3 {
		ts.Fatalf("usage: replace FILE OLD NEW")
	}
	data, err := os.ReadFile(ts.MkAbs(args[0]))
	ts.Check(err)
	if !strings.Contains(string(data), args[1]) {
		ts.Fatalf("%s: no %q in it", args[0], args[1])
	}
	ts.Check(os.WriteFile(ts.MkAbs(args[0]), []byte(strings.Replace(string(data), args[1], args[2], 1)), 0o644))
}

package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"regexp"
	"sync"
	"syscall"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// The script command behind reel review --serve, as watch's (see
// script_watch_test.go): the server runs for the script, and the other
// subcommands wait for its output or ask it for a page.
//
//	serve start ARGS...   start reel review --serve ARGS, wait until it serves
//	serve until REGEXP    wait for output matching REGEXP; stdout is all output
//	serve get PATH        GET PATH from it; stdout is the body (the status must be 200)
//	serve stop            Ctrl-C; it must exit 0
var (
	servesMu sync.Mutex
	serves   = map[*testscript.TestScript]*watchProc{}
)

// servingLine is the line reel review --serve says where it serves.
var servingLine = regexp.MustCompile(`(?m)^serving the review page on (http://\S+/) `)

func cmdServe(ts *testscript.TestScript, neg bool, args []string) {
	const usage = "usage: serve start ARGS... | until REGEXP | get PATH | stop"
	if neg || len(args) == 0 {
		ts.Fatalf(usage)
	}
	if args[0] == "start" {
		startServe(ts, args[1:])
		return
	}
	servesMu.Lock()
	w := serves[ts]
	servesMu.Unlock()
	if w == nil {
		ts.Fatalf("no reel review --serve: run `serve start` first")
	}
	switch {
	case args[0] == "until" && len(args) == 2:
		re, err := regexp.Compile("(?ms)" + args[1])
		ts.Check(err)
		w.waitFor(ts, args[1], func(out string) bool { return re.MatchString(out) && w.show(ts, out) })
	case args[0] == "get" && len(args) == 2:
		base := servingLine.FindStringSubmatch(w.stdout.String())[1]
		resp, err := http.Get(base + args[1])
		ts.Check(err)
		defer resp.Body.Close()
		body, err := io.ReadAll(resp.Body)
		ts.Check(err)
		if resp.StatusCode != http.StatusOK {
			ts.Fatalf("GET %s: %s", args[1], resp.Status)
		}
		ts.Stdout().Write(body)
	case args[0] == "stop" && len(args) == 1:
		w.cmd.Process.Signal(os.Interrupt)
		select {
		case <-w.done:
		case <-time.After(watchTimeout):
			ts.Fatalf("reel review --serve did not stop within %v of Ctrl-C", watchTimeout)
		}
		fmt.Fprint(ts.Stdout(), w.stdout.String())
		if w.err != nil {
			ts.Fatalf("reel review --serve exited with %v after Ctrl-C:\n%s", w.err, w.stderr.String())
		}
	default:
		ts.Fatalf(usage)
	}
}

// startServe starts reel review --serve ARGS in the script's folder and
// waits until it serves; the script's end kills it.
func startServe(ts *testscript.TestScript, args []string) {
	bin, err := exec.LookPath("reel") // testscript put it on PATH
	ts.Check(err)
	w := &watchProc{cmd: exec.Command(bin, append([]string{"review", "--serve"}, args...)...), done: make(chan struct{})}
	w.cmd.Dir = ts.MkAbs(".")
	w.cmd.Env = scriptEnv(ts)
	w.cmd.Stdout, w.cmd.Stderr = &w.stdout, &w.stderr
	ts.Check(w.cmd.Start())
	go func() { w.err = w.cmd.Wait(); close(w.done) }()
	ts.Defer(func() {
		w.cmd.Process.Signal(syscall.SIGKILL)
		<-w.done
	})
	servesMu.Lock()
	serves[ts] = w
	servesMu.Unlock()
	w.waitFor(ts, "the server", func(out string) bool { return servingLine.MatchString(out) && w.show(ts, out) })
}

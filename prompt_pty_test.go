//go:build linux

package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// screen is what reel wrote to its terminal so far.
type screen struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (s *screen) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.Write(p)
}

func (s *screen) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.buf.String()
}

// onTerminal runs reel with stdin and stderr on a terminal, as a person in
// a shell does (stdout goes to a file), waits for its question and types
// answer. It returns stdout, the terminal's text and the exit code.
func (r *fakeProject) onTerminal(answer string, args ...string) (stdout, term string, code int) {
	t := r.t
	t.Helper()
	ctl, tty, err := openPTY()
	if err != nil {
		t.Fatalf("open a pty: %v", err)
	}
	defer ctl.Close()
	cmd := r.command(args...)
	var out bytes.Buffer
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, &out, tty
	cmd.SysProcAttr = &syscall.SysProcAttr{Setsid: true, Setctty: true, Ctty: 0}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	tty.Close() // reel holds it now; the controller reads EIO once reel is gone
	var scr screen
	read := make(chan struct{})
	go func() {
		defer close(read)
		b := make([]byte, 4096)
		for {
			n, err := ctl.Read(b)
			scr.Write(b[:n])
			if err != nil {
				return
			}
		}
	}()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	deadline := time.After(promptTimeout)
	asked := false
	for !asked {
		select {
		case <-done:
			t.Fatalf("reel %s ended without asking; terminal:\n%s\nstdout:\n%s", strings.Join(args, " "), scr.String(), out.String())
		case <-deadline:
			cmd.Process.Kill()
			t.Fatalf("reel did not ask within %v; terminal:\n%s", promptTimeout, scr.String())
		case <-time.After(10 * time.Millisecond):
			asked = strings.Contains(scr.String(), "[y/N] ")
		}
	}
	if _, err := ctl.Write([]byte(answer)); err != nil {
		t.Fatal(err)
	}
	select {
	case <-done:
	case <-deadline:
		cmd.Process.Kill()
		<-done
		t.Fatalf("reel did not end within %v of the answer %q; terminal:\n%s", promptTimeout, answer, scr.String())
	}
	<-read
	return out.String(), scr.String(), cmd.ProcessState.ExitCode()
}

// TestRenderAsksOnATerminal: on a terminal a paid run asks first; "n", or
// the end of input (Ctrl-D), skips the paid renders but still does the free
// downloads and exits 0, saying what was skipped; "y" renders.
func TestRenderAsksOnATerminal(t *testing.T) {
	t.Parallel()
	r := newFakeProject(t, true)
	if stdout, stderr, code := r.detached("render", "--provider", "heygen", "--poll", "50ms", "--yes"); code != exitOK {
		t.Fatalf("first render: exit %d\n%s%s", code, stdout, stderr)
	}
	teaser := filepath.Join(r.dir, "out", "social", "teaser.mp4")
	// one paid re-render, one free download
	editFile(t, filepath.Join(r.dir, "videos", "explainer.yaml"), "That's it.", "That is all.")
	for _, answer := range []string{"n\r", "\x04"} {
		if err := os.Remove(teaser); err != nil && !os.IsNotExist(err) {
			t.Fatal(err)
		}
		stdout, term, code := r.onTerminal(answer, "render", "--provider", "heygen", "--poll", "50ms")
		if code != exitOK {
			t.Errorf("answer %q: exit %d, want 0\nstdout:\n%s\nterminal:\n%s", answer, code, stdout, term)
		}
		if !strings.Contains(term, "Spend $") {
			t.Errorf("answer %q: the question did not say what it would spend:\n%s", answer, term)
		}
		if !strings.Contains(term, "skipped 1 paid render") {
			t.Errorf("answer %q: the run did not say what it skipped:\n%s", answer, term)
		}
		if _, err := os.Stat(teaser); err != nil {
			t.Errorf("answer %q: the free download was not done: %v\nstdout:\n%s\nterminal:\n%s", answer, err, stdout, term)
		}
		if n := r.creates(); n != 4 {
			t.Errorf("answer %q: %d creates, want the first render's 4", answer, n)
		}
	}
	stdout, term, code := r.onTerminal("y\r", "render", "--provider", "heygen", "--poll", "50ms")
	if code != exitOK || !strings.Contains(stdout, "Rendered 1,") {
		t.Errorf("answer y: exit %d\nstdout:\n%s\nterminal:\n%s", code, stdout, term)
	}
	if n := r.creates(); n != 5 {
		t.Errorf("answer y: %d creates, want 5", n)
	}
}

//go:build unix

package cli

import (
	"bytes"
	"context"
	"errors"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestInterruptible runs in a child process (it signals itself): the first
// SIGINT ends the run's context and says so; the second, with the run
// still going, ends the process as a plain Ctrl-C does.
func TestInterruptible(t *testing.T) {
	if os.Getenv("REEL_TEST_INTERRUPTIBLE") == "1" {
		interruptedChild()
		return
	}
	cmd := exec.Command(os.Args[0], "-test.run=^TestInterruptible$")
	cmd.Env = append(os.Environ(), "REEL_TEST_INTERRUPTIBLE=1")
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	ws, _ := cmd.ProcessState.Sys().(syscall.WaitStatus)
	if err == nil || !ws.Signaled() || ws.Signal() != syscall.SIGINT {
		t.Fatalf("child: %v, want it ended by the second SIGINT:\n%s", err, out.String())
	}
	if !strings.Contains(out.String(), "first signal: context ended, stopped by Ctrl-C") || !strings.Contains(out.String(), "Ctrl-C again to quit at once") {
		t.Fatalf("child did not report the first signal:\n%s", out.String())
	}
}

func interruptedChild() {
	ctx, stop := Interruptible(os.Stderr, func(by string) error { return errors.New("stopped by " + by) })
	defer stop()
	syscall.Kill(os.Getpid(), syscall.SIGINT)
	<-ctx.Done()
	os.Stderr.WriteString("first signal: context ended, " + context.Cause(ctx).Error() + "\n")
	// the goroutine gives the signal back once it has said so
	for range 1000 {
		time.Sleep(10 * time.Millisecond) // a guard, not a timing: the second signal ends the process
		syscall.Kill(os.Getpid(), syscall.SIGINT)
	}
	os.Stderr.WriteString("still alive after the second signal\n")
	os.Exit(3)
}

package main

import (
	"bytes"
	"io"
	"os/exec"
	"time"

	"github.com/rogpeppe/go-internal/testscript"
)

// termTimeout ends a reel run on a terminal that waits for input no one
// will type.
const termTimeout = time.Minute

// cmdTerm runs reel on a terminal, as a person at a shell does: its
// stdin, stdout and stderr a pseudo-terminal, TERM=xterm unless the
// script set TERM. What it wrote is the script's stdout, with the
// terminal's \r\n as \n: [!] term reel ARGS... (Linux only)
func cmdTerm(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 1 || args[0] != "reel" {
		ts.Fatalf("usage: [!] term reel [args...]")
	}
	master, tty, err := openPTY() // errors.ErrUnsupported but on Linux: [!linux] skip
	ts.Check(err)
	defer master.Close()
	bin, err := exec.LookPath("reel") // testscript put it on PATH
	ts.Check(err)
	cmd := exec.Command(bin, args[1:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = scriptEnvAll(ts)
	if ts.Getenv("TERM") == "" {
		cmd.Env = append(cmd.Env, "TERM=xterm")
	}
	cmd.Stdin, cmd.Stdout, cmd.Stderr = tty, tty, tty
	cmd.SysProcAttr = ttyAttr()
	err = cmd.Start()
	tty.Close()
	ts.Check(err)
	var out bytes.Buffer
	read := make(chan struct{})
	go func() { io.Copy(&out, master); close(read) }() // ends (EIO) once reel has exited
	timer := time.AfterFunc(termTimeout, func() { cmd.Process.Kill() })
	err = cmd.Wait()
	timer.Stop()
	<-read
	ts.Stdout().Write(bytes.ReplaceAll(out.Bytes(), []byte("\r\n"), []byte("\n")))
	if (err == nil) == neg {
		ts.Fatalf("reel on a terminal: exit %d", cmd.ProcessState.ExitCode())
	}
}

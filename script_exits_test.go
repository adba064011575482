package main

import (
	"bytes"
	"errors"
	"os/exec"
	"strconv"

	"github.com/rogpeppe/go-internal/testscript"
)

// cmdExits runs reel and checks its exit code, which exec cannot tell
// apart from any other failure: exits N reel ARGS...
// Its output is the script's stdout and stderr, as exec's is.
func cmdExits(ts *testscript.TestScript, neg bool, args []string) {
	if len(args) < 2 || args[1] != "reel" || neg {
		ts.Fatalf("usage: exits N reel [args...]")
	}
	want, err := strconv.Atoi(args[0])
	ts.Check(err)
	bin, err := exec.LookPath("reel") // testscript put it on PATH
	ts.Check(err)
	cmd := exec.Command(bin, args[2:]...)
	cmd.Dir = ts.MkAbs(".")
	cmd.Env = scriptEnvAll(ts)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	err = cmd.Run()
	ts.Stdout().Write(out.Bytes())
	ts.Stderr().Write(errb.Bytes())
	var exit *exec.ExitError
	if err != nil && !errors.As(err, &exit) {
		ts.Fatalf("%v", err)
	}
	if got := cmd.ProcessState.ExitCode(); got != want {
		ts.Fatalf("reel exited %d; want %d", got, want)
	}
}

// scriptEnvAll is scriptEnv with the variables that change how reel
// prints: NO_COLOR, TERM, CI.
func scriptEnvAll(ts *testscript.TestScript) []string {
	env := scriptEnv(ts)
	for _, k := range []string{"NO_COLOR", "TERM", "CI", "REEL_DEBUG"} {
		if v := ts.Getenv(k); v != "" {
			env = append(env, k+"="+v)
		}
	}
	return env
}

//go:build unix

package main

import (
	"fmt"
	"os"
	"os/exec"
	"syscall"
	"time"
)

// side is one of the two commands.
type side struct {
	name   string
	argv   []string
	dir    string
	before func() error // untimed, before each run; nil: nothing
}

// resolve finds the command's program on PATH.
func (s *side) resolve() error {
	path, err := exec.LookPath(s.argv[0])
	if err != nil {
		return err
	}
	s.argv[0] = path
	return nil
}

// sample is one timed run.
type sample struct {
	wall, cpu time.Duration
	maxRSS    int64 // bytes
}

// pair is one run of A and the run of B after it.
type pair struct{ a, b sample }

// alternate runs warmup untimed pairs, then n timed ones, A first in each.
func alternate(warmup, n int, a, b side) ([]pair, error) {
	var out []pair
	for i := range warmup + n {
		sa, err := a.run()
		if err != nil {
			return nil, err
		}
		sb, err := b.run()
		if err != nil {
			return nil, err
		}
		if i >= warmup {
			out = append(out, pair{sa, sb})
		}
	}
	return out, nil
}

// devNull is where the commands' output goes.
var devNull = func() *os.File {
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		panic(err)
	}
	return f
}()

// run starts the command once and waits for it with wait4, which gives its
// CPU time and peak RSS. Its output is discarded; a failure is an error.
func (s side) run() (sample, error) {
	if s.before != nil {
		if err := s.before(); err != nil {
			return sample{}, err
		}
	}
	attr := &syscall.ProcAttr{Dir: s.dir, Env: os.Environ(), Files: []uintptr{devNull.Fd(), devNull.Fd(), devNull.Fd()}}
	start := time.Now()
	pid, err := syscall.ForkExec(s.argv[0], s.argv, attr)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w", s.name, err)
	}
	var ws syscall.WaitStatus
	var ru syscall.Rusage
	for {
		_, err = syscall.Wait4(pid, &ws, 0, &ru)
		if err != syscall.EINTR {
			break
		}
	}
	wall := time.Since(start)
	if err != nil {
		return sample{}, fmt.Errorf("%s: %w", s.name, err)
	}
	if !ws.Exited() || ws.ExitStatus() != 0 {
		return sample{}, fmt.Errorf("%s failed (%v): run it by hand in %s", s.name, ws, s.dir)
	}
	cpu := time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
	return sample{wall: wall, cpu: cpu, maxRSS: ru.Maxrss * 1024}, nil // Linux: Maxrss in KiB
}

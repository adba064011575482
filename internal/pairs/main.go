//go:build unix

// Command pairs times two commands run alternately, A B A B …, and prints
// the median of the per-pair ratios A÷B of wall time and of CPU time
// (user+sys, from wait4's rusage), the medians of each side and each
// side's peak RSS. Alternating run by run puts the machine's drift on both
// sides of every pair; a ratio of medians from two separate series (as
// hyperfine runs them, all of one command, then all of the other) does not.
//
//	pairs -n 21 -dir TREE -a 'reel plan' -b 'ninja'
//
// Pinning to one core is the caller's: run pairs under taskset -c 0, and
// every command it starts inherits the affinity. Commands are split on
// spaces and run without a shell; -before-a runs through sh, untimed,
// before each run of A.
package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"strings"
)

func main() {
	n := flag.Int("n", 21, "pairs to time")
	warmup := flag.Int("warmup", 2, "untimed pairs first")
	dir := flag.String("dir", ".", "folder the commands run in")
	a := flag.String("a", "", "command A (required)")
	b := flag.String("b", "", "command B (required)")
	nameA := flag.String("name-a", "", "A's name in the report (default: its first word)")
	nameB := flag.String("name-b", "", "B's name in the report (default: its first word)")
	beforeA := flag.String("before-a", "", "shell command run, untimed, before each run of A")
	label := flag.String("label", "", "what the line measures, printed first")
	flag.Parse()
	if *a == "" || *b == "" {
		fmt.Fprintln(os.Stderr, "pairs: -a and -b are required: pairs -a 'reel plan' -b ninja")
		os.Exit(2)
	}
	sa := side{name: orFirst(*nameA, *a), argv: strings.Fields(*a), dir: *dir}
	sb := side{name: orFirst(*nameB, *b), argv: strings.Fields(*b), dir: *dir}
	if *beforeA != "" {
		sa.before = func() error { return shell(*dir, *beforeA) }
	}
	if err := sa.resolve(); err != nil {
		fail(err)
	}
	if err := sb.resolve(); err != nil {
		fail(err)
	}
	runs, err := alternate(*warmup, *n, sa, sb)
	if err != nil {
		fail(err)
	}
	fmt.Println(summarize(runs).line(*label, sa.name, sb.name))
}

func orFirst(name, cmd string) string {
	if name != "" {
		return name
	}
	return strings.Fields(cmd)[0]
}

// shell runs cmd through sh in dir; its output goes to stderr.
func shell(dir, cmd string) error {
	c := exec.Command("sh", "-c", cmd)
	c.Dir, c.Stdout, c.Stderr = dir, os.Stderr, os.Stderr
	if err := c.Run(); err != nil {
		return fmt.Errorf("%s: %w", cmd, err)
	}
	return nil
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "pairs:", err)
	os.Exit(1)
}

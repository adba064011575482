package cli

import (
	"errors"
	"flag"
	"testing"
)

// TestNoArguments: a command whose usage names no arguments refuses them
// before it runs, naming the flags it takes; one that names some runs.
func TestNoArguments(t *testing.T) {
	ran := 0
	run := func(struct{}, any, []string) error { ran++; return nil }
	flags := func(fs *flag.FlagSet) any { fs.Bool("json", false, ""); return fs.Bool("refresh", false, "") }
	table := &Table[struct{}]{Global: func(struct{}, *flag.FlagSet) {}}
	for _, c := range []struct {
		cmd  *Command[struct{}]
		args []string
		want string
	}{
		{&Command[struct{}]{Name: "voices", Flags: flags, Run: run}, []string{"x"}, "voices takes no arguments, only --json and --refresh"},
		{&Command[struct{}]{Name: "version", Run: run}, []string{"x"}, "version takes no arguments"},
		{&Command[struct{}]{Name: "plan", Args: "[ids...]", Run: run}, []string{"x"}, ""},
		{&Command[struct{}]{Name: "voices", Flags: flags, Run: run}, []string{"--json"}, ""},
	} {
		before := ran
		err := table.Run(struct{}{}, c.cmd, c.args, nil)
		var usage *UsageError
		switch {
		case c.want == "" && (err != nil || ran != before+1):
			t.Errorf("%s %v: %v, ran %d times; want it run", c.cmd.Name, c.args, err, ran-before)
		case c.want != "" && (!errors.As(err, &usage) || err.Error() != c.want || ran != before):
			t.Errorf("%s %v: %v (ran %d); want the usage error %q", c.cmd.Name, c.args, err, ran-before, c.want)
		}
	}
}

// TestCommandUsageHint: a usage error a command's run returns (lock's
// missing subcommand) points at that command's help, not at the list of
// commands; a flag's mistake at its flags.
func TestCommandUsageHint(t *testing.T) {
	table := &Table[struct{}]{Global: func(struct{}, *flag.FlagSet) {}}
	lock := &Command[struct{}]{Name: "lock", Args: "sync", Run: func(struct{}, any, []string) error {
		return Usagef("lock takes one subcommand, sync: reel lock sync")
	}}
	var usage *UsageError
	err := table.Run(struct{}{}, lock, nil, nil)
	if !errors.As(err, &usage) || usage.Hint() != "run `reel help lock` for how to use it" {
		t.Errorf("%v; want a usage error whose hint names reel help lock", err)
	}
	err = table.Run(struct{}{}, lock, []string{"--frobnicate"}, nil)
	if !errors.As(err, &usage) || usage.Hint() != "run `reel help lock` for its flags" {
		t.Errorf("%v; want a usage error whose hint names lock's flags", err)
	}
}

// TestNeeds: a flag that means something only beside another is refused
// alone (or beside --other=false), saying what to add; with the other it
// runs.
func TestNeeds(t *testing.T) {
	table := &Table[struct{}]{Global: func(struct{}, *flag.FlagSet) {}}
	ran := 0
	watch := &Command[struct{}]{
		Name: "watch",
		Flags: func(fs *flag.FlagSet) any {
			fs.Bool("render", false, "")
			return fs.Float64("max-cost", -1, "")
		},
		Needs: map[string]string{"max-cost": "render"},
		Run:   func(struct{}, any, []string) error { ran++; return nil },
	}
	for _, args := range [][]string{{"--max-cost", "5"}, {"--max-cost", "5", "--render=false"}} {
		err := table.Run(struct{}{}, watch, args, nil)
		var usage *UsageError
		if !errors.As(err, &usage) || err.Error() != "--max-cost goes with --render: add --render, or leave --max-cost out" || usage.Hint() != "run `reel help watch` for its flags" {
			t.Errorf("%q: %v; want --max-cost refused without --render", args, err)
		}
	}
	for _, args := range [][]string{{"--max-cost", "5", "--render"}, {"--render"}, nil} {
		if err := table.Run(struct{}{}, watch, args, nil); err != nil {
			t.Errorf("%q: %v; want it run", args, err)
		}
	}
	if ran != 3 {
		t.Errorf("ran %d times, want 3", ran)
	}
}

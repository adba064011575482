package completion_test

import (
	"flag"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/cli/completion"
)

// TestComplete: the candidates for the last word, read as reel parses the
// words before it: commands, a command's flags, a flag's values, a
// command's arguments in the folder -C names.
func TestComplete(t *testing.T) {
	global := flag.NewFlagSet("reel", flag.ContinueOnError)
	global.String("C", "", "")
	global.String("color", "", "")
	plan := flag.NewFlagSet("plan", flag.ContinueOnError)
	plan.String("color", "", "")
	plan.Bool("json", false, "")
	var asked string
	line := completion.Line{
		Flags: global,
		Commands: []completion.Command{
			{Name: "plan", Flags: plan, Args: func(dir string) []string { asked = dir; return []string{"intro", "outro"} }},
			{Name: "status"},
		},
		Values: func(dir, _, name string) []string {
			if name == "color" {
				return []string{"auto", "always", "never"}
			}
			return nil
		},
		Chdir: "C",
	}
	for _, c := range []struct {
		words, want []string
	}{
		{[]string{""}, []string{"plan", "status"}},
		{[]string{"st"}, []string{"status"}},
		{[]string{"plan", "--j"}, []string{"--json"}},
		{[]string{"plan", "--"}, []string{"--color", "--json", "--help"}},
		{[]string{"--color", "a"}, []string{"auto", "always"}},
		{[]string{"--color", "=", ""}, []string{"auto", "always", "never"}},
		{[]string{"plan", "--json", "in"}, []string{"intro"}},
		{[]string{"status", ""}, nil},
		{[]string{"frobnicate", ""}, nil},
	} {
		if got := line.Complete("/project", c.words); !slices.Equal(got, c.want) && len(got)+len(c.want) > 0 {
			t.Errorf("reel %q<Tab>: %q; want %q", c.words, got, c.want)
		}
	}
	line.Complete("/work", []string{"-C", "ex", "plan", ""})
	if want := filepath.Join("/work", "ex"); asked != want {
		t.Errorf("reel -C ex plan <Tab> listed the arguments in %q; want %q", asked, want)
	}
}

// TestScripts: each shell has a script that calls reel __complete.
func TestScripts(t *testing.T) {
	for _, sh := range completion.Shells {
		s, ok := completion.Script(sh)
		if !ok || !strings.Contains(s, "reel __complete") {
			t.Errorf("%s: no script that calls reel __complete:\n%s", sh, s)
		}
	}
	if _, ok := completion.Script("csh"); ok {
		t.Error("a script for csh")
	}
}

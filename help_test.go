package main

import (
	"bytes"
	"flag"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestEveryCommandsHelp: for every command, reel help CMD, reel CMD --help
// and reel CMD -h print the same help on stdout and exit 0, and it lists
// every flag the command takes, spelt --flag, with what it does.
func TestEveryCommandsHelp(t *testing.T) {
	for _, c := range commands.Commands {
		if c.Hidden() {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			var helps []string
			for _, args := range [][]string{{"help", c.Name}, {c.Name, "--help"}, {c.Name, "-h"}} {
				var out, errb bytes.Buffer
				if code := run(args, &out, &errb); code != exitOK || errb.Len() > 0 {
					t.Fatalf("reel %s: exit %d, stderr %q", strings.Join(args, " "), code, errb.String())
				}
				helps = append(helps, out.String())
			}
			if helps[0] != helps[1] || helps[0] != helps[2] {
				t.Errorf("reel help %s, reel %[1]s --help and reel %[1]s -h differ:\n%s\n---\n%s\n---\n%s", c.Name, helps[0], helps[1], helps[2])
			}
			help := helps[0]
			if !strings.HasPrefix(help, "usage: reel "+c.Name) {
				t.Errorf("help does not start with its usage:\n%s", help)
			}
			if n := strings.Count(help, "\nFlags:\n"); n > 1 {
				t.Errorf("help lists its flags %d times:\n%s", n, help)
			}
			fs, _ := commands.FlagSet(&env{}, c)
			fs.VisitAll(func(f *flag.Flag) {
				if slices.Contains(commands.Shared, f.Name) {
					return
				}
				listed := regexp.MustCompile(`(?m)^  --` + regexp.QuoteMeta(f.Name) + `( [A-Z]+)?  +\S`)
				if !listed.MatchString(help) {
					t.Errorf("help does not list --%s with what it does:\n%s", f.Name, help)
				}
			})
			if single := regexp.MustCompile(`(^|[\s,(])-[a-z][a-z-]+`); single.MatchString(help) {
				t.Errorf("help spells a flag with one dash (%q):\n%s", single.FindString(help), help)
			}
		})
	}
}

package cli

import (
	"errors"
	"flag"
	"io"
	"slices"
	"testing"
	"time"
)

// flags is a command's flag set as reel's commands define them.
func flags(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	fs.Bool("json", false, "")
	fs.Float64("max-cost", -1, "")
	fs.Duration("wait", time.Second, "")
	fs.Var(&Strings{}, "force", "")
	return fs
}

// TestParse: flags as people type them, anywhere among the arguments,
// and -- before arguments that start with a dash.
func TestParse(t *testing.T) {
	fs := flags("render")
	pos, err := Parse(fs, []string{"a.yaml", "-json", "--max-cost=2.5", "--force", "x", "b", "--force", "y", "--", "-c"}, false)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(pos, []string{"a.yaml", "b", "-c"}) {
		t.Errorf("positional %q", pos)
	}
	force := fs.Lookup("force").Value.(*Strings)
	if fs.Lookup("json").Value.String() != "true" || fs.Lookup("max-cost").Value.String() != "2.5" || !slices.Equal(*force, Strings{"x", "y"}) {
		t.Errorf("json %s, max-cost %s, force %q", fs.Lookup("json").Value, fs.Lookup("max-cost").Value, *force)
	}
	rest, err := Parse(flags("reel"), []string{"--json", "plan", "--max-cost", "1"}, true)
	if err != nil || !slices.Equal(rest, []string{"plan", "--max-cost", "1"}) {
		t.Errorf("first: %q, %v; want the command and what follows it", rest, err)
	}
}

// TestParseMistakes: each mistake is a *UsageError that says what was
// meant or wanted, and whose hint names the command's help; -h and --help
// are no mistake.
func TestParseMistakes(t *testing.T) {
	for _, c := range []struct {
		args      []string
		msg, hint string
	}{
		{[]string{"--jsno"}, "unknown flag --jsno; did you mean --json?", "run `reel help render` for its flags"},
		{[]string{"--frobnicate"}, "unknown flag --frobnicate for reel render", "run `reel help render` for its flags"},
		{[]string{"--max-cost", "lots"}, `--max-cost "lots": want a number, e.g. 5 or 2.50`, ""},
		{[]string{"--wait=soon"}, `--wait "soon": want a duration, e.g. 2s or 200ms`, ""},
		{[]string{"--json=maybe"}, `--json "maybe": want true or false`, ""},
		{[]string{"--wait"}, "--wait needs a value", ""},
	} {
		_, err := Parse(flags("render"), c.args, false)
		var u *UsageError
		if !errors.As(err, &u) || u.Msg != c.msg || c.hint != "" && u.Hint() != c.hint {
			t.Errorf("%q: %v (hint %q); want %q", c.args, err, hintOf(u), c.msg)
		}
	}
	_, err := Parse(flags("reel"), []string{"-C"}, true)
	var u *UsageError
	if !errors.As(err, &u) || u.Hint() != "run `reel help` for the commands" {
		t.Errorf("reel -C: %v, hint %q; want reel help's hint, not a command's", err, hintOf(u))
	}
	for _, h := range []string{"-h", "--help", "-help"} {
		if _, err := Parse(flags("render"), []string{"x", h}, false); !errors.Is(err, ErrHelp) {
			t.Errorf("%s: %v; want ErrHelp", h, err)
		}
	}
}

func hintOf(u *UsageError) string {
	if u == nil {
		return ""
	}
	return u.Hint()
}

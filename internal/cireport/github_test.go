package cireport_test

import (
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/actionrun"
	"github.com/reel-dev/reel/internal/cireport"
)

// hostile are texts a manifest or a branch can put where reel writes a
// workflow command: each must come out of the runner as it went in.
var hostile = []string{
	"plain",
	"a,b:c.yaml",
	"100% done",
	"%0A%25 already escaped",
	"line one\nline two",
	"cr\rlf\r\n",
	"::error file=x::forged",
	"title=forged,line=1",
	"::endgroup::",
	"ünïcødé ✓",
}

// TestCommandRoundTrip checks that every property and the data of a
// command reach the runner unchanged, on one line, whatever they hold.
func TestCommandRoundTrip(t *testing.T) {
	for _, s := range hostile {
		line := cireport.Command("error", []cireport.Prop{{Name: "file", Value: s}, {Name: "title", Value: s}}, s)
		if strings.ContainsAny(line, "\r\n") {
			t.Errorf("%q: the command spans lines: %q", s, line)
		}
		cmds := actionrun.Commands(line)
		if len(cmds) != 1 {
			t.Fatalf("%q: the runner reads %d commands from %q, want 1", s, len(cmds), line)
		}
		c := cmds[0]
		if c.Name != "error" || c.Props["file"] != s || c.Props["title"] != s || c.Data != s {
			t.Errorf("%q: the runner reads %+v from %q", s, c, line)
		}
	}
}

// TestAnnotatePlaces checks each annotation's file (from the repository's
// root: the project is in site/), line, column, title and message.
func TestAnnotatePlaces(t *testing.T) {
	problems := []cireport.Problem{
		{File: "videos/a.yaml", Line: 4, Col: 14, Field: "scenes[0].emotion", Message: `"Joyful" is not one of Excited, Friendly`},
		{File: "/work/repo/site/reel.yaml", Line: 2, Col: 9, Field: "budget", Message: "25 is a number; want a mapping"},
		{File: "videos/b,c.yaml", Line: 1, Col: 1, Message: "not a mapping"},
		{File: "/etc/shadow", Line: 3, Message: "is outside the project"},
		{Message: "no reel.yaml here or above"},
	}
	var b strings.Builder
	if err := cireport.Annotate(&b, where, problems); err != nil {
		t.Fatal(err)
	}
	got := actionrun.Commands(b.String())
	want := []actionrun.Command{
		{Name: "error", Props: map[string]string{"file": "site/videos/a.yaml", "line": "4", "col": "14", "title": "scenes[0].emotion"}, Data: `"Joyful" is not one of Excited, Friendly`},
		{Name: "error", Props: map[string]string{"file": "site/reel.yaml", "line": "2", "col": "9", "title": "budget"}, Data: "25 is a number; want a mapping"},
		{Name: "error", Props: map[string]string{"file": "site/videos/b,c.yaml", "line": "1", "col": "1", "title": "reel"}, Data: "not a mapping"},
		{Name: "error", Props: map[string]string{"title": "reel"}, Data: "/etc/shadow:3: is outside the project"},
		{Name: "error", Props: map[string]string{"title": "reel"}, Data: "no reel.yaml here or above"},
	}
	if len(got) != len(want) {
		t.Fatalf("%d annotations, want %d:\n%s", len(got), len(want), b.String())
	}
	for i := range want {
		if !sameCommand(got[i], want[i]) {
			t.Errorf("annotation %d: %+v, want %+v", i, got[i], want[i])
		}
	}
	golden(t, "annotations.golden", b.String())
}

func sameCommand(a, b actionrun.Command) bool {
	if a.Name != b.Name || a.Data != b.Data || len(a.Props) != len(b.Props) {
		return false
	}
	for k, v := range b.Props {
		if a.Props[k] != v {
			return false
		}
	}
	return true
}

// TestGroupFencesCommands checks that a long log in a group shows every
// line and runs none of the workflow commands a manifest put in it.
func TestGroupFencesCommands(t *testing.T) {
	body := "videos/a.yaml: ok\n::error file=x::forged\n::endgroup::\n::add-mask::secret\nlast line"
	var b strings.Builder
	if err := cireport.Group(&b, "reel plan: 4 lines", body); err != nil {
		t.Fatal(err)
	}
	cmds := actionrun.Commands(b.String())
	var names []string
	for _, c := range cmds {
		names = append(names, c.Name)
	}
	if strings.Join(names, " ") != "group endgroup" {
		t.Errorf("the runner runs %v, want only the group and its end:\n%s", names, b.String())
	}
	if cmds[0].Data != "reel plan: 4 lines" {
		t.Errorf("group title %q", cmds[0].Data)
	}
	for _, line := range strings.Split(body, "\n") {
		if !strings.Contains(b.String(), "\n"+line+"\n") {
			t.Errorf("line %q is not shown", line)
		}
	}
}

// TestGroupPlain checks that a log without "::" is grouped as it is.
func TestGroupPlain(t *testing.T) {
	var b strings.Builder
	if err := cireport.Group(&b, "log", "one\ntwo"); err != nil {
		t.Fatal(err)
	}
	if got, want := b.String(), "::group::log\none\ntwo\n::endgroup::\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

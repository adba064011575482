package snapshot

import (
	"fmt"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"
)

func TestActionsReadLineByLine(t *testing.T) {
	want := []Action{
		{ID: "a", Kind: "ok", Output: "out/a.mp4", Lock: Span{Off: 100, Len: 42}, Data: `{"r":"up to date"}`},
		{ID: "a@es", Kind: "render", Output: "out/a-es.mp4", Data: "{\"r\":\"changed\"}\twith a tab"},
		{ID: "b", Kind: "orphan", Data: `{}`},
	}
	var s Snapshot
	if err := s.SetActions(want); err != nil {
		t.Fatal(err)
	}
	acts, _ := s.Actions()
	if acts.Len() != len(want) {
		t.Fatalf("%d actions, want %d", acts.Len(), len(want))
	}
	for i, w := range want {
		got, err := acts.At(i)
		if err != nil || got != w {
			t.Errorf("At(%d) = %+v, %v; want %+v", i, got, err, w)
		}
		if acts.ID(i) != w.ID || acts.Kind(i) != w.Kind || acts.Output(i) != w.Output {
			t.Errorf("action %d reads as %q %q %q, want %q %q %q", i, acts.ID(i), acts.Kind(i), acts.Output(i), w.ID, w.Kind, w.Output)
		}
	}
	// every field of a line, the last (the data) with its tab
	line := acts.lines[1]
	for n, want := range []string{"a", "a@es", "render", "out/a-es.mp4", "0", "0", "{\"r\":\"changed\"}\twith a tab"} {
		if got := field(line, n); got != want {
			t.Errorf("field %d of %q = %q, want %q", n, line, got, want)
		}
	}
	for id, at := range map[string]int{"": 0, "a": 0, "a@": 1, "a@es": 1, "a@fr": 2, "b": 2, "c": 3} {
		if got := acts.Search(id); got != at {
			t.Errorf("Search(%q) = %d, want %d", id, got, at)
		}
	}
	if err := s.SetActions([]Action{{ID: "a\tb", Kind: "ok"}}); err == nil {
		t.Error("an id with a tab was recorded")
	}
}

// A line without an action's fields is a damaged snapshot when read,
// never a panic.
func TestDamagedActionLines(t *testing.T) {
	for _, text := range []string{"a\tx\tok\n", "a\n", "b\tx\tok\t-\t0\t0\t{}\n", "a\tx\tok\t-\t0\t0\t{}", "a\tx\tok\t-\tzero\t0\t{}\n"} {
		s := Snapshot{actionText: text}
		acts, err := s.Actions()
		if err == nil {
			acts.ID(0)
			acts.Kind(0)
			acts.Output(0)
			acts.Search("x")
			_, err = acts.At(0)
		}
		if err == nil {
			t.Errorf("%q read as an action", text)
		}
	}
}

// Splice is the same as setting the whole list: the old actions out, the
// fresh ones in, in order by id.
func TestSpliceKeepsTheOrder(t *testing.T) {
	act := func(id, kind string) Action { return Action{ID: id, Kind: kind, Output: id + ".mp4", Data: "{}"} }
	base := []Action{act("b", "ok"), act("d", "ok"), act("d@es", "ok"), act("f", "ok"), act("h", "ok")}
	cases := []struct {
		name   string
		remove []int
		fresh  []Action
	}{
		{"one in place", []int{1}, []Action{act("d", "render")}},
		{"before all, after all", nil, []Action{act("z", "create"), act("a", "create")}},
		{"a manifest's video and variant replaced by others", []int{2, 1}, []Action{act("d@fr", "create"), act("d", "render"), act("e", "create")}},
		{"removed only", []int{0, 4}, nil},
		{"an index given twice", []int{3, 3}, []Action{act("g", "create")}},
		{"all replaced", []int{0, 1, 2, 3, 4}, []Action{act("c", "create")}},
	}
	for _, c := range cases {
		var s Snapshot
		s.SetActions(base)
		if err := s.Splice(c.remove, c.fresh); err != nil {
			t.Fatal(err)
		}
		var want []Action
		for i, a := range base {
			if !slices.Contains(c.remove, i) {
				want = append(want, a)
			}
		}
		want = append(want, c.fresh...)
		slices.SortFunc(want, func(a, b Action) int { return strings.Compare(a.ID, b.ID) })
		acts, _ := s.Actions()
		var got []Action
		for i := range acts.Len() {
			a, err := acts.At(i)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, a)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s:\n got %v\nwant %v", c.name, got, want)
		}
	}
}

// A snapshot read with no actions at all keeps what is spliced into it
// when it is saved as a patch.
func TestSpliceIntoASnapshotWithoutActions(t *testing.T) {
	root := t.TempDir()
	var files []File // enough for a base with room for a patch
	for i := range 40 {
		files = append(files, file(t, root, fmt.Sprintf("v%02d.yaml", i), "v", time.Hour))
	}
	if err := Save(root, &Snapshot{Stamp: "s", Written: 10, Head: []byte(`{}`), Files: files}); err != nil {
		t.Fatal(err)
	}
	l := Load(root)
	if err := l.Splice(nil, []Action{{ID: "new", Kind: "create", Data: "{}"}}); err != nil {
		t.Fatal(err)
	}
	if err := Save(root, l); err != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(Path(root))
	if !strings.Contains(string(data), "\npatch\t") {
		t.Fatalf("not saved as a patch:\n%s", data)
	}
	acts, _ := Load(root).Actions()
	if acts.Len() != 1 || acts.ID(0) != "new" {
		t.Fatalf("read back %d actions, want the one spliced in:\n%s", acts.Len(), data)
	}
}

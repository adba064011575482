package lock

import (
	"fmt"
	"maps"
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
)

func keys(rs []Render) []string {
	var ks []string
	for _, r := range rs {
		ks = append(ks, r.Key)
	}
	return ks
}

func TestSet(t *testing.T) {
	pending := func(id, key string) *Entry { return &Entry{ID: id, Key: renderKey(key), State: Pending} }
	failed := func(id, key string) *Entry { return &Entry{ID: id, Key: renderKey(key), State: Failed, Error: "no"} }
	for _, tc := range []struct {
		name  string
		steps []*Entry
		key   string
		hist  []string
	}{
		{"first render", []*Entry{done("v", "a")}, "a", nil},
		{"new key moves the done render", []*Entry{done("v", "a"), done("v", "b")}, "b", []string{"a"}},
		{"write-ahead steps keep one record", []*Entry{done("v", "a"), pending("v", "b"), pending("v", "b"), done("v", "b")}, "b", []string{"a"}},
		{"pending and failed are not history", []*Entry{pending("v", "a"), failed("v", "a"), done("v", "b")}, "b", nil},
		{"forced re-render keeps the paid one", []*Entry{done("v", "a"), pending("v", "a")}, "a", []string{"a"}},
		{"forced re-render done drops the old record", []*Entry{done("v", "a"), pending("v", "a"), done("v", "a")}, "a", nil},
		{"revert dedups", []*Entry{done("v", "a"), done("v", "b"), done("v", "c"), done("v", "a")}, "a", []string{"c", "b"}},
		{"revert pending keeps it until done", []*Entry{done("v", "a"), done("v", "b"), pending("v", "a")}, "a", []string{"b", "a"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := &Lock{} // zero value works too
			for _, e := range tc.steps {
				l.Set(e)
			}
			e := l.Videos["v"]
			var hist []string
			for _, h := range tc.hist {
				hist = append(hist, renderKey(h))
			}
			if e.Key != renderKey(tc.key) || !cmp.Equal(keys(e.History), hist) {
				t.Errorf("key %s history %v, want %s %v", e.Key, keys(e.History), tc.key, tc.hist)
			}
			if _, err := Encode(l); err != nil {
				t.Error(err)
			}
		})
	}
}

func TestSetCapsHistory(t *testing.T) {
	l := New()
	for i := 0; i < 3*MaxHistory; i++ {
		l.Set(done("v", fmt.Sprint(i)))
	}
	h := l.Videos["v"].History
	newest := fmt.Sprint(3*MaxHistory - 2)
	if len(h) != MaxHistory || h[0].Key != renderKey(newest) {
		t.Errorf("history %v", keys(h))
	}
	if r, ok := l.Renders()[renderKey(newest)]; !ok || r.Job != "job-"+newest {
		t.Errorf("the newest earlier render: %+v %v", r, ok)
	}
}

func TestSetInPlace(t *testing.T) {
	l := New()
	l.Set(done("v", "a"))
	l.Set(done("v", "b"))
	e := l.Videos["v"]
	e.Job = "other"
	l.Set(e) // same pointer: nothing to move, nothing doubled
	if !cmp.Equal(keys(e.History), []string{renderKey("a")}) {
		t.Errorf("history %v", keys(e.History))
	}
}

func TestRemove(t *testing.T) {
	l := New()
	l.Set(done("v", "a"))
	l.Set(done("w", "b"))
	l.Remove("v")
	l.Remove("missing")
	if len(l.Videos) != 1 || l.Videos["w"] == nil {
		t.Errorf("%v", l.Videos)
	}
}

// A key rendered by several videos is found in the same place on every
// run: a video's current render before any history record, then the
// video that sorts first. (Map order once made a plan name a different
// job from one run to the next.)
func TestRendersPicksOneRenderPerKey(t *testing.T) {
	for range 20 {
		l := New()
		for _, id := range []string{"c", "a", "b"} {
			l.Set(done(id, "old-"+id))
			l.Set(done(id, "shared"))
		}
		l.Set(done("e", "new-e"))
		l.Set(done("e", "old-a")) // e's current render, and a record in a's history
		renders := l.Renders()
		if r, ok := renders[renderKey("shared")]; !ok || r.Output != "a.mp4" {
			t.Fatalf("shared: %+v %v, want a's render, a sorting first", r, ok)
		}
		if r := renders[renderKey("old-a")]; r.Output != "e.mp4" {
			t.Fatalf("old-a: %+v, want e's current render before a's history", r)
		}
		if r := renders[renderKey("old-c")]; r.Output != "c.mp4" {
			t.Fatalf("old-c: %+v, want c's history record", r)
		}
		if _, ok := renders[renderKey("missing")]; ok {
			t.Fatal("found a key nothing rendered")
		}
	}
}

// TestRenderedKeys: the keys Renders indexes, no more, no fewer.
func TestRenderedKeys(t *testing.T) {
	l := tricky()
	l.Set(done("onboarding/welcome", "3f2b")) // the old render goes to history
	want := slices.Sorted(maps.Keys(l.Renders()))
	got := slices.Compact(slices.Sorted(slices.Values(l.RenderedKeys())))
	if !slices.Equal(got, want) {
		t.Errorf("RenderedKeys %v, Renders has %v", got, want)
	}
}

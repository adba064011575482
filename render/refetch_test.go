package render_test

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/fake"
)

// recorded is every finished render of the world's lock, as reel fetch
// takes them.
func (w *world) recorded() []render.Recorded {
	var out []render.Recorded
	for _, id := range allFour {
		e := w.lock().Videos[id]
		if e == nil || e.State != lock.Done {
			w.t.Fatalf("%s is not done in the lock: %+v", id, e)
		}
		out = append(out, render.Recorded{ID: id, Render: e.Render()})
	}
	return out
}

func (w *world) output(id string) string {
	return filepath.Join(w.dir, "out", id+".mp4")
}

func TestFetchRestoresRecordedOutputsAndLeavesTheLockAlone(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	w.mustRender()
	recs := w.recorded()
	before := map[string][]byte{}
	for _, id := range allFour {
		b, err := os.ReadFile(w.output(id))
		if err != nil {
			t.Fatal(err)
		}
		before[id] = b
		os.Remove(w.output(id))
	}
	lockBefore := w.lockBytes()
	creates := w.creates()

	res := w.runner().Fetch(context.Background(), recs)
	if len(res.Failed) > 0 || !slices.Equal(res.Done, allFour) {
		t.Fatalf("done %v, failed %v; want all four done", res.Done, res.Failed)
	}
	for _, id := range allFour {
		got, err := os.ReadFile(w.output(id))
		if err != nil || !bytes.Equal(got, before[id]) {
			t.Errorf("%s: fetched output differs from the rendered one (err %v)", id, err)
		}
	}
	if !bytes.Equal(w.lockBytes(), lockBefore) {
		t.Error("reel.lock changed")
	}
	if n := w.creates(); n != creates {
		t.Errorf("%d creates sent by a fetch", n-creates)
	}
}

func TestFetchKeepsNothingButTheRecordedFile(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	w.mustRender()
	e := w.lock().Videos["plain"]
	out := w.output("plain")
	cases := map[string]func(*lock.Render){
		"another sha256": func(r *lock.Render) { r.SHA256 = string(bytes.Repeat([]byte("0"), 64)) },
		"shorter":        func(r *lock.Render) { r.Size-- },
		"longer":         func(r *lock.Render) { r.Size++ },
	}
	for name, change := range cases {
		rec := render.Recorded{ID: "plain", Render: e.Render()}
		change(&rec.Render)
		// the output that is there, not the recorded one, stays as it is
		if err := os.WriteFile(out, []byte("edited by hand"), 0o644); err != nil {
			t.Fatal(err)
		}
		res := w.runner().Fetch(context.Background(), []render.Recorded{rec})
		var other *render.MismatchError
		if err := res.Failed["plain"]; !errors.As(err, &other) {
			t.Errorf("%s: Failed = %v, want a MismatchError", name, err)
			continue
		}
		if other.Want.Size != rec.Size || other.Want.SHA256 != rec.SHA256 {
			t.Errorf("%s: the error wants %+v, not the record", name, other.Want)
		}
		if name == "shorter" && other.Got.SHA256 != "" {
			t.Errorf("%s: the download was read to its end (%+v), not stopped past the recorded size", name, other.Got)
		}
		if got, _ := os.ReadFile(out); string(got) != "edited by hand" {
			t.Errorf("%s: the output was replaced by a file that is not the recorded one", name)
		}
		left, _ := filepath.Glob(filepath.Join(filepath.Dir(out), ".reel-download-*"))
		if len(left) > 0 {
			t.Errorf("%s: left %v", name, left)
		}
	}
}

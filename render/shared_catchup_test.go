package render_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/store"
)

// killedAfterIndex is a run with the store killed between indexing its
// render under rendered/ and writing the record Done: StartStore marked
// the store behind, the render is recorded in reel.lock and indexed, and
// the key's record still says submitted. It returns the store's folder.
func killedAfterIndex(t *testing.T, w *world) string {
	t.Helper()
	sh, dir := shared(t)
	render.StartStore(context.Background(), w.load().Project, sh, io.Discard) // killed: its end never comes
	if res := w.storeRender(sh); res.Rendered != 1 {
		t.Fatalf("rendered %d, failed %v", res.Rendered, res.Failed)
	}
	ctx := context.Background()
	rec, err := sh.Store.GetRecord(ctx, w.lock().Videos["plain"].Key)
	if err != nil {
		t.Fatal(err)
	}
	rec.State, rec.Output = store.Submitted, nil
	if err := sh.Store.PutRecord(ctx, rec); err != nil {
		t.Fatal(err)
	}
	return dir
}

// checkStoreDone asserts that the store records plain's render Done with
// the job and output reel.lock records.
func (w *world) checkStoreDone(sh *render.Shared) {
	w.t.Helper()
	e := w.lock().Videos["plain"]
	rec, err := sh.Store.GetRecord(context.Background(), e.Key)
	if err != nil || rec.State != store.Done || rec.Job != e.Job || rec.Output == nil || rec.Output.SHA256 != e.SHA256 || rec.Output.Size != e.Size {
		w.t.Fatalf("the store records %+v (%v); reel.lock says job %s, %d bytes %s", rec, err, e.Job, e.Size, e.SHA256)
	}
}

// TestStoreCatchUpRecordBehindIndex: a run killed between indexing a
// render and recording it Done leaves rendered/ saying the store has it.
// The next run's catch-up does not take the listing's word for the
// record: the record ends Done with reel.lock's job and output, and the
// store is no longer marked behind.
func TestStoreCatchUpRecordBehindIndex(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	dir := killedAfterIndex(t, w)
	sh, _ := reopen(t, dir)
	var out bytes.Buffer
	render.StartStore(context.Background(), w.load().Project, sh, &out)()
	w.checkStoreDone(sh)
	if !strings.Contains(out.String(), "uploaded 1 render") {
		t.Errorf("the run says %q, want that it uploaded 1 render", out.String())
	}
	if render.Behind(w.dir) {
		t.Error("the store is still marked behind after a catch-up that wrote everything")
	}
}

// TestStoreCatchUpAfterTwoUnsyncedRuns: the run killed after indexing
// began hours ago; the run after it found the store down. The third run
// still repairs the first one's record: the behind mark says when the
// first unsynced run began, not the latest.
func TestStoreCatchUpAfterTwoUnsyncedRuns(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	dir := killedAfterIndex(t, w)
	now := time.Now()
	age(t, filepath.Join(w.dir, ".reel", "cache", "store-behind"), now.Add(-3*time.Hour))
	age(t, filepath.Join(w.dir, "out", "plain.mp4"), now.Add(-2*time.Hour))
	ctx := context.Background()
	down := render.DownShared(&store.Error{Op: "open", Kind: store.Unreachable, Err: errors.New("connection refused")})
	render.StartStore(ctx, w.load().Project, down, io.Discard)()
	if !render.Behind(w.dir) {
		t.Fatal("a run that found the store down cleared the behind mark")
	}
	sh, _ := reopen(t, dir)
	render.StartStore(ctx, w.load().Project, sh, io.Discard)()
	w.checkStoreDone(sh)
}

// TestMarkBehindKeepsEarliest: marking a store already marked behind
// keeps the first mark, whose time is when the first unsynced run began.
func TestMarkBehindKeepsEarliest(t *testing.T) {
	t.Parallel()
	root := t.TempDir()
	if err := render.MarkBehind(root); err != nil {
		t.Fatal(err)
	}
	mark := filepath.Join(root, ".reel", "cache", "store-behind")
	first := time.Now().Add(-time.Hour).Truncate(time.Second)
	age(t, mark, first)
	if err := render.MarkBehind(root); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(mark)
	if err != nil {
		t.Fatal(err)
	}
	if !st.ModTime().Equal(first) {
		t.Fatalf("the mark after a second MarkBehind is from %v, want the first's time %v", st.ModTime(), first)
	}
}

// age sets a file's times to at, as if written then.
func age(t *testing.T, path string, at time.Time) {
	t.Helper()
	if err := os.Chtimes(path, at, at); err != nil {
		t.Fatal(err)
	}
}

// TestStoreCatchUpRecordBehindIndexOutputGone: as above, with the output
// since deleted here, so nothing tells when it was written: the record is
// read all the same, and written Done with the output the store indexed.
func TestStoreCatchUpRecordBehindIndexOutputGone(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	dir := killedAfterIndex(t, w)
	if err := os.Remove(filepath.Join(w.dir, "out", "plain.mp4")); err != nil {
		t.Fatal(err)
	}
	sh, _ := reopen(t, dir)
	render.StartStore(context.Background(), w.load().Project, sh, io.Discard)()
	w.checkStoreDone(sh)
}

package render_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/store"
)

// The store as one run uses it, on a shared folder (file://): the cases a
// run of two real clones meets only by chance. The clones themselves are
// tested as processes against a real S3 server in the root package
// (store_test.go).

// shared is a store in a fresh folder, as this clone (holder "here") uses it.
func shared(t *testing.T) (*render.Shared, string) {
	t.Helper()
	dir := t.TempDir()
	s, err := store.Open(context.Background(), "file://"+dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return render.NewShared(s, "here", time.Minute), dir
}

// storeRender plans and runs once with the store.
func (w *world) storeRender(sh *render.Shared) render.Result {
	w.t.Helper()
	r := w.runner()
	r.Store = sh
	return r.Run(context.Background(), w.plan())
}

// TestStoreUnconfirmedCreateOfAnotherMachine: another machine recorded its
// intent for the key and its lease is gone, its create never confirmed. On
// HeyGen v2, which cannot replay a create, sending it again could pay
// twice: reel sends nothing and says whose create it is and what to do.
func TestStoreUnconfirmedCreateOfAnotherMachine(t *testing.T) {
	t.Parallel()
	w := single(t, "v2", fake.HeyGenOptions{API: fake.HeyGenV2})
	sh, _ := shared(t)
	key := w.action(w.plan(), "plain").Key
	if _, won, err := sh.Store.Intend(context.Background(), key, "ci-runner-7", "heygen/v2"); err != nil || !won {
		t.Fatalf("intend: %v %v", won, err)
	}
	res := w.storeRender(sh)
	var un *render.UnconfirmedError
	if err := res.Failed["plain"]; !errors.As(err, &un) || un.Record.Holder != "ci-runner-7" {
		t.Fatalf("plain: %v, want the unconfirmed create of ci-runner-7", err)
	}
	if n := w.creates(); n != 0 {
		t.Fatalf("%d creates sent over another machine's unconfirmed create", n)
	}
}

// TestStoreOwnIntentTakenAgain: this clone recorded its intent in the store
// and died before reel.lock had it, so its create was never sent: the next
// run takes its own intent again and renders, once.
func TestStoreOwnIntentTakenAgain(t *testing.T) {
	t.Parallel()
	w := single(t, "v2", fake.HeyGenOptions{API: fake.HeyGenV2})
	sh, _ := shared(t)
	key := w.action(w.plan(), "plain").Key
	if _, won, err := sh.Store.Intend(context.Background(), key, "here", "heygen/v2"); err != nil || !won {
		t.Fatalf("intend: %v %v", won, err)
	}
	res := w.storeRender(sh)
	if len(res.Failed) > 0 || res.Rendered != 1 {
		t.Fatalf("rendered %d, failed %v; want the render made once", res.Rendered, res.Failed)
	}
	w.checkPaidOnce()
	rec, err := sh.Store.GetRecord(context.Background(), key)
	if err != nil || rec.State != store.Done || rec.Job != w.lock().Videos["plain"].Job {
		t.Fatalf("the store records %+v (%v), want done with the lock's job", rec, err)
	}
}

// TestStoreDownNothingCreated: with the store's folder gone, a create is
// not sent (another machine could not know of it) and reel.lock gets no
// intent; once the store is back the render is made, once.
func TestStoreDownNothingCreated(t *testing.T) {
	t.Parallel()
	w := single(t, "v2", fake.HeyGenOptions{API: fake.HeyGenV2})
	sh, dir := shared(t)
	gone := dir + ".gone"
	if err := os.Rename(dir, gone); err != nil {
		t.Fatal(err)
	}
	res := w.storeRender(sh)
	var down *render.StoreDownError
	if err := res.Failed["plain"]; !errors.As(err, &down) || !errors.Is(err, store.Unreachable) {
		t.Fatalf("plain: %v, want not created for want of the store", err)
	}
	if n := w.creates(); n != 0 {
		t.Fatalf("%d creates sent without the store's lease", n)
	}
	if e := w.lock().Videos["plain"]; e != nil {
		t.Fatalf("reel.lock records %+v for a create never sent", e)
	}
	if err := os.Rename(gone, dir); err != nil {
		t.Fatal(err)
	}
	sh, _ = reopen(t, dir)
	if res := w.storeRender(sh); res.Rendered != 1 {
		t.Fatalf("with the store back: rendered %d, failed %v", res.Rendered, res.Failed)
	}
	w.checkPaidOnce()
}

// TestStoreCatchUp: a run whose store went down after the render was
// made records it locally and notes the store lacks it; CatchUp, in the
// next run, uploads it with its record.
func TestStoreCatchUp(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	w.mustRender() // rendered without the store: the store lacks it
	sh, _ := shared(t)
	n, err := sh.CatchUp(context.Background(), filepath.Join(w.dir, "out"), w.lock(), time.Time{})
	if err != nil || n != 1 {
		t.Fatalf("CatchUp: %d uploaded, %v; want 1", n, err)
	}
	e := w.lock().Videos["plain"]
	rec, err := sh.Store.GetRecord(context.Background(), e.Key)
	if err != nil || rec.State != store.Done || rec.Job != e.Job || rec.Output == nil || rec.Output.SHA256 != e.SHA256 {
		t.Fatalf("the store records %+v (%v); reel.lock says %+v", rec, err, e)
	}
	if n, err := sh.CatchUp(context.Background(), filepath.Join(w.dir, "out"), w.lock(), time.Time{}); n != 0 || err != nil {
		t.Fatalf("a second CatchUp uploaded %d (%v), want 0", n, err)
	}
}

// TestStoreOutputNotTakenOnTrust: an output whose bytes changed in the
// store is not written in place of the video: the download comes from the
// provider instead, verified, and the lock records the file it records.
func TestStoreOutputNotTakenOnTrust(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	sh, dir := shared(t)
	if res := w.storeRender(sh); res.Rendered != 1 {
		t.Fatalf("rendered %d, failed %v", res.Rendered, res.Failed)
	}
	e := w.lock().Videos["plain"]
	stored := filepath.Join(dir, "outputs", "sha256", e.SHA256[:2], e.SHA256)
	data, err := os.ReadFile(stored)
	if err != nil {
		t.Fatal(err)
	}
	data[len(data)-1] ^= 0xff
	if err := os.WriteFile(stored, data, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(filepath.Join(w.dir, "out", "plain.mp4")); err != nil {
		t.Fatal(err)
	}
	media := len(w.hg.Server().Requests(fake.RouteMedia))
	if got := w.action(w.plan(), "plain"); got.Kind != plan.Download {
		t.Fatalf("plan: %s, want a download", got.Kind)
	}
	sh, _ = reopen(t, dir)
	if res := w.storeRender(sh); len(res.Failed) > 0 {
		t.Fatalf("failed: %v", res.Failed)
	}
	w.checkOutputs()
	if len(w.hg.Server().Requests(fake.RouteMedia)) == media {
		t.Fatal("the corrupt output was not fetched again from the provider")
	}
	if w.lock().Videos["plain"].SHA256 != e.SHA256 {
		t.Fatal("reel.lock records another file")
	}
	object := "outputs/sha256/" + e.SHA256[:2] + "/" + e.SHA256
	if d := sh.Damaged(); !strings.Contains(d["plain"], object) || len(d) != 1 {
		t.Errorf("the store's damage the run noted: %v, want plain's object %s", d, object)
	}
	if line := render.DamageWarning(sh); !strings.Contains(line, "holds a damaged copy of the output of 1 video (plain, first: ") || !strings.Contains(line, "copy each output here over its object there") {
		t.Errorf("the warning: %q, want it to name plain and say how to mend the store", line)
	}
}

func reopen(t *testing.T, dir string) (*render.Shared, string) {
	t.Helper()
	s, err := store.Open(context.Background(), "file://"+dir, store.Options{})
	if err != nil {
		t.Fatal(err)
	}
	return render.NewShared(s, "here", time.Minute), dir
}

// TestStoreIntentAfterFailedCreate: a create the provider refused made no
// job, so its intent is given up and any machine may create; one whose
// answer was lost may have made a job, so its intent stays, and another
// machine does not pay for it again.
func TestStoreIntentAfterFailedCreate(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		fault fake.Fault
		want  store.State
	}{
		{"refused", fake.Fault{Kind: fake.Status, Status: 400, Times: 1}, store.Failed},
		{"answer lost", fake.Fault{Kind: fake.Reset, After: true, Times: 3}, store.Creating},
	} {
		t.Run(tc.name, func(t *testing.T) {
			w := single(t, "v2", fake.HeyGenOptions{API: fake.HeyGenV2})
			sh, _ := shared(t)
			w.hg.Server().Inject(fake.RouteCreate, tc.fault)
			if res := w.storeRender(sh); res.Failed["plain"] == nil {
				t.Fatalf("the create did not fail: %+v", res)
			}
			key := w.lock().Videos["plain"].Key
			rec, err := sh.Store.GetRecord(context.Background(), key)
			if err != nil || rec.State != tc.want {
				t.Fatalf("the store's record: %+v (%v), want %s", rec, err, tc.want)
			}
			_, won, err := sh.Store.Intend(context.Background(), key, "another-machine", "heygen/v2")
			if err != nil || won != (tc.want == store.Failed) {
				t.Fatalf("another machine's intent: won %v (%v)", won, err)
			}
		})
	}
}

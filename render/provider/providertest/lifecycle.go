package providertest

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// testLifecycle: submit, see the job wait and render (a fake that jumps to
// completed hides those paths), complete, download a real container, and
// pay once.
func testLifecycle(t *testing.T, setup Setup) {
	e := start(t, setup)
	id := e.submit("Hi, I'm Anna from Acme.")
	if _, err := e.p.Result(e.ctx, id); err == nil {
		t.Fatal("Result of a job that has not finished returned media")
	}
	st, seen := e.poll(id)
	if seen[0].Done() {
		t.Fatalf("the first poll was already %s; the job never waited", seen[0])
	}
	for i := 1; i < len(seen); i++ {
		if rank(seen[i]) < rank(seen[i-1]) {
			t.Fatalf("states went back: %v", seen)
		}
	}
	if st.State != provider.Completed {
		t.Fatalf("job ended %s: %v", st.State, st.Err)
	}
	m, err := e.p.Result(e.ctx, id)
	if err != nil || m.VideoURL == "" {
		t.Fatalf("Result = %+v, %v", m, err)
	}
	b, err := e.download(m.VideoURL)
	if err != nil || !isVideo(b) {
		t.Fatalf("download: %d bytes, %v", len(b), err)
	}
	for _, r := range e.s.Requests(fake.RouteMedia) {
		if r.Header.Get("Authorization") != "" || r.Header.Get("X-Api-Key") != "" {
			t.Fatal("the media host received a credential")
		}
	}
	if l := e.s.Ledger(); len(l) != 1 || l[0].JobID != id {
		t.Fatalf("ledger %+v, want one charge for %s", l, id)
	}
	if n := e.creates(); n != 1 {
		t.Fatalf("%d creates sent, want 1", n)
	}
}

func testStatusOrder(t *testing.T, setup Setup) {
	e := start(t, setup)
	a, b := e.submit("first"), e.submit("second")
	if a == b {
		t.Fatalf("two renders got one job id %s", a)
	}
	const unknown = "unknown0123456789abcdef"
	sts, err := e.p.Status(e.ctx, a, unknown, b)
	if err != nil {
		t.Fatal(err)
	}
	if len(sts) != 3 || sts[0].JobID != a || sts[1].JobID != unknown || sts[2].JobID != b {
		t.Fatalf("Status out of order: %+v", sts)
	}
	if sts[1].State != provider.NotFound || sts[0].State.Done() || sts[2].State.Done() {
		t.Fatalf("states %s %s %s, want waiting, not_found, waiting", sts[0].State, sts[1].State, sts[2].State)
	}
}

func testLateFailure(t *testing.T, setup Setup) {
	e := start(t, setup)
	const reason = "Insufficient credit to finish rendering"
	e.s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Code: "insufficient_credit", Message: reason, Times: 1})
	id := e.submit("fails late")
	st, _ := e.poll(id)
	if st.State != provider.Failed || st.Err == nil || !strings.Contains(st.Err.Message, reason) {
		t.Fatalf("status %s %+v, want failed with %q", st.State, st.Err, reason)
	}
	_, err := e.p.Result(e.ctx, id)
	var je *provider.JobError
	if !errors.As(err, &je) || !strings.Contains(err.Error(), reason) {
		t.Fatalf("Result error %v, want a *JobError saying %q", err, reason)
	}
}

func testStuck(t *testing.T, setup Setup) {
	e := start(t, setup)
	e.s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Stuck, Times: 1})
	id := e.submit("never ends")
	for range 20 {
		e.s.Advance(time.Hour)
	}
	if st := e.status(id); st.State != provider.Processing {
		t.Fatalf("a stuck job reads %s, want processing", st.State)
	}
}

// testCancelled: a job cancelled at the provider (in its console) ends
// failed with a reason, in the API's words, and Result says so too: it is
// neither polled forever nor taken for a finished video.
func testCancelled(t *testing.T, setup Setup) {
	e := start(t, setup)
	e.s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Cancelled, Times: 1})
	id := e.submit("cancelled in the console")
	st, seen := e.poll(id)
	if st.State != provider.Failed || st.Err == nil || st.Err.Message == "" {
		t.Fatalf("a cancelled job ended %s %+v after %v, want failed with a reason", st.State, st.Err, seen)
	}
	_, err := e.p.Result(e.ctx, id)
	var je *provider.JobError
	if !errors.As(err, &je) {
		t.Fatalf("Result of a cancelled job: %v, want a *JobError", err)
	}
}

func testExpiredMedia(t *testing.T, setup Setup) {
	e := start(t, setup)
	id := e.submit("expires")
	if st, _ := e.poll(id); st.State != provider.Completed {
		t.Fatalf("job ended %s", st.State)
	}
	m1, err := e.p.Result(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := e.download(m1.VideoURL); err != nil {
		t.Fatal(err)
	}
	e.s.Advance(e.s.MediaTTL() + time.Minute)
	_, err = e.download(m1.VideoURL)
	if !provider.Expired(err) {
		t.Fatalf("an expired URL downloaded, or failed otherwise: %v", err)
	}
	m2, err := e.p.Result(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if m2.VideoURL == m1.VideoURL {
		t.Fatal("Result returned the expired URL again")
	}
	if b, err := e.download(m2.VideoURL); err != nil || !isVideo(b) {
		t.Fatalf("fresh URL: %d bytes, %v", len(b), err)
	}
}

func testTruncatedMedia(t *testing.T, setup Setup) {
	e := start(t, setup)
	id := e.submit("truncated")
	e.poll(id)
	m, err := e.p.Result(e.ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	e.s.Inject(fake.RouteMedia, fake.Fault{Kind: fake.Truncated, Times: 1})
	if _, err := e.download(m.VideoURL); err == nil {
		t.Fatal("a truncated download passed")
	}
	if b, err := e.download(m.VideoURL); err != nil || !isVideo(b) {
		t.Fatalf("second download: %v", err)
	}
}

package fake

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"syscall"
	"testing"
	"time"
)

// echoServer is a Server with one create route that makes a job and
// charges it, so fault tests can see whether the server acted.
func echoServer(t *testing.T) *Server {
	s := NewServer(Options{IDPrefix: "j_", Media: testMedia(t)})
	t.Cleanup(s.Close)
	s.Handle(RouteCreate, "POST /create", func(w http.ResponseWriter, r *http.Request) {
		j, _ := s.NewJob(r, JobSpec{Key: r.Header.Get("Idempotency-Key"), Media: s.MediaFor("16x9"), Cost: 1})
		s.Charge(Charge{JobID: j.ID, Key: j.Key, Cost: 1})
		WriteJSON(w, http.StatusOK, map[string]string{"id": j.ID, "padding": strings.Repeat("x", 64)})
	})
	return s
}

func TestFaultStatusWithRetryAfter(t *testing.T) {
	s := echoServer(t)
	s.Inject(RouteCreate, Fault{Kind: Status, Status: 429, RetryAfter: "7", Times: 1})
	a := call(t, "POST", s.URL()+"/create", "", "{}")
	if a.status != 429 || a.header.Get("Retry-After") != "7" || !strings.Contains(string(a.body), `"code":"rate_limited"`) {
		t.Fatalf("got %d %v %s", a.status, a.header, a.body)
	}
	if len(s.Ledger()) != 0 {
		t.Fatal("a 429 charged")
	}
	if a = call(t, "POST", s.URL()+"/create", "", "{}"); a.status != 200 || len(s.Ledger()) != 1 {
		t.Fatalf("after the fault: %d, ledger %v", a.status, s.Ledger())
	}
	if n := len(s.Requests(RouteCreate)); n != 2 {
		t.Fatalf("logged %d creates", n)
	}
}

func TestFaultAfterActs(t *testing.T) {
	for _, f := range []Fault{
		{Kind: Status, Status: 502, After: true, Times: 1},
		{Kind: Reset, After: true, Times: 1},
		{Kind: NonJSON, After: true, Times: 1},
		{Kind: Truncated, Times: 1},
	} {
		t.Run(f.Kind.String(), func(t *testing.T) {
			s := echoServer(t)
			s.Inject(RouteCreate, f)
			a := call(t, "POST", s.URL()+"/create", "", "{}")
			if a.err == nil && a.status == 200 {
				t.Fatalf("fault %v answered cleanly: %s", f.Kind, a.body)
			}
			if len(s.Ledger()) != 1 {
				t.Fatalf("server did not act before the fault: %v", s.Ledger())
			}
		})
	}
}

func TestFaultBeforeActing(t *testing.T) {
	s := echoServer(t)
	s.Inject(RouteCreate, Fault{Kind: Status, Status: 503})
	s.Inject(RouteCreate, Fault{Kind: Reset})
	for range 3 {
		if a := call(t, "POST", s.URL()+"/create", "", "{}"); a.status != 503 {
			t.Fatalf("got %d", a.status)
		}
	}
	s.Clear(RouteCreate)
	if a := call(t, "POST", s.URL()+"/create", "", "{}"); a.status != 200 {
		t.Fatalf("after Clear: %d", a.status)
	}
	if len(s.Ledger()) != 1 {
		t.Fatalf("ledger %v", s.Ledger())
	}
}

func TestFaultResetIsAReset(t *testing.T) {
	s := echoServer(t)
	s.Inject(RouteCreate, Fault{Kind: Reset, Times: 1})
	a := call(t, "POST", s.URL()+"/create", "", "{}")
	if !errors.Is(a.err, syscall.ECONNRESET) && !errors.Is(a.err, io.EOF) {
		t.Fatalf("err = %v, want a connection reset", a.err)
	}
}

func TestFaultTruncatedAndNonJSON(t *testing.T) {
	s := echoServer(t)
	s.Inject(RouteCreate, Fault{Kind: Truncated, Times: 1})
	s.Inject(RouteCreate, Fault{Kind: NonJSON, Times: 1})
	a := call(t, "POST", s.URL()+"/create", "", "{}")
	if a.status != 200 || !errors.Is(a.err, io.ErrUnexpectedEOF) {
		t.Fatalf("truncated: %d %v %q", a.status, a.err, a.body)
	}
	a = call(t, "POST", s.URL()+"/create", "", "{}")
	if a.status != 502 || !bytes.Contains(a.body, []byte("<title>502 Bad Gateway</title>")) {
		t.Fatalf("non-JSON: %d %s", a.status, a.body)
	}
}

func TestFaultSlowBodyStallsUntilClientGivesUp(t *testing.T) {
	s := echoServer(t)
	s.Inject(RouteCreate, Fault{Kind: SlowBody, Times: 1})
	ctx, cancel := context.WithCancel(context.Background())
	req, _ := http.NewRequestWithContext(ctx, "POST", s.URL()+"/create", strings.NewReader("{}"))
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	half := make([]byte, 8)
	if _, err := io.ReadFull(resp.Body, half); err != nil || !bytes.HasPrefix(half, []byte(`{"id":`)) {
		t.Fatalf("first bytes %q, %v", half, err)
	}
	cancel()
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Fatal("a stalled body completed")
	}
	if len(s.Ledger()) != 1 {
		t.Fatal("the server did not act")
	}
}

func TestFaultEchoAuth(t *testing.T) {
	s := echoServer(t)
	s.Inject(RouteCreate, Fault{Kind: EchoAuth, Times: 1})
	a := call(t, "POST", s.URL()+"/create", "Bearer sekrit-key", "{}")
	if a.status != 400 || !bytes.Contains(a.body, []byte("sekrit-key")) {
		t.Fatalf("%d %s", a.status, a.body)
	}
}

// A Raw answer reaches the client as written, a lie included: a body
// longer than its Content-Length is read only as far as the header says.
func TestFaultRawWritesTheAnswerAsIs(t *testing.T) {
	s := echoServer(t)
	answer := "HTTP/1.1 200 OK\r\nContent-Type: video/mp4\r\nContent-Length: 5\r\nConnection: close\r\n\r\n0123456789"
	s.Inject(RouteCreate, Fault{Kind: Raw, Body: []byte(answer), Times: 1})
	a := call(t, "POST", s.URL()+"/create", "", "{}")
	if a.err != nil || a.status != 200 || string(a.body) != "01234" || a.header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("got %d %v %q, %v; want 200 video/mp4 \"01234\"", a.status, a.header, a.body, a.err)
	}
	if len(s.Ledger()) != 0 {
		t.Fatal("a raw answer let the server act")
	}
	if st := s.Requests(RouteCreate)[0].Status; st != 200 {
		t.Fatalf("the request log has status %d, want the answer's 200", st)
	}
	if a = call(t, "POST", s.URL()+"/create", "", "{}"); a.status != 200 || len(s.Ledger()) != 1 {
		t.Fatalf("after the fault: %d, ledger %v", a.status, s.Ledger())
	}
}

func TestJobTimelineAndFates(t *testing.T) {
	s := echoServer(t)
	s.Inject(RouteCreate, Fault{Kind: LateFailure, Code: "insufficient_credits", Message: "Out of credits", Times: 1})
	s.Inject(RouteCreate, Fault{Kind: Stuck, Times: 1})
	ids := make([]string, 3)
	for i := range ids {
		a := call(t, "POST", s.URL()+"/create", "", "{}")
		ids[i] = strings.Split(string(a.body), `"`)[3]
	}
	phases := func() []Phase {
		var out []Phase
		for _, id := range ids {
			_, p, _ := s.Job(id)
			out = append(out, p)
		}
		return out
	}
	for _, step := range []struct {
		by   time.Duration
		want []Phase
	}{
		{0, []Phase{PhaseQueued, PhaseQueued, PhaseQueued}},
		{5 * time.Second, []Phase{PhaseProcessing, PhaseProcessing, PhaseProcessing}},
		{20 * time.Second, []Phase{PhaseFailed, PhaseProcessing, PhaseCompleted}},
		{240 * time.Hour, []Phase{PhaseFailed, PhaseProcessing, PhaseCompleted}},
	} {
		s.Advance(step.by)
		if got := phases(); !slices.Equal(got, step.want) {
			t.Fatalf("after +%v: %v, want %v", step.by, got, step.want)
		}
	}
	if j, _, _ := s.Job(ids[0]); j.FailCode != "insufficient_credits" || j.FailMessage != "Out of credits" {
		t.Fatalf("failed job %+v", j)
	}
}

func TestIdempotentReplay(t *testing.T) {
	s := echoServer(t)
	r, _ := http.NewRequest("POST", "/", nil)
	a, replayed := s.NewJob(r, JobSpec{Key: "k1"})
	b, replayed2 := s.NewJob(r, JobSpec{Key: "k1"})
	c, _ := s.NewJob(r, JobSpec{Key: "k2"})
	if replayed || !replayed2 || a.ID != b.ID || a.ID == c.ID || len(s.Jobs()) != 2 {
		t.Fatalf("a=%s b=%s c=%s replayed=%v,%v", a.ID, b.ID, c.ID, replayed, replayed2)
	}
}

func TestCancel(t *testing.T) {
	s := echoServer(t)
	r, _ := http.NewRequest("POST", "/", nil)
	j, _ := s.NewJob(r, JobSpec{})
	if !s.Cancel(j.ID) || s.Cancel("nope") {
		t.Fatal("cancel")
	}
	if _, p, _ := s.Job(j.ID); p != PhaseCancelled {
		t.Fatalf("phase %v", p)
	}
}

func TestMediaURLsExpireAndAreFresh(t *testing.T) {
	s := echoServer(t)
	a := call(t, "POST", s.URL()+"/create", "", "{}")
	id := strings.Split(string(a.body), `"`)[3]
	j, _, _ := s.Job(id)
	early := s.MediaURL(j)
	if got := call(t, "GET", early, "", ""); got.status != 404 {
		t.Fatalf("media of an unfinished job: %d", got.status)
	}
	s.Advance(time.Minute)
	u1, u2 := s.MediaURL(j), s.MediaURL(j)
	if u1 == u2 {
		t.Fatal("two calls gave the same URL")
	}
	got := call(t, "GET", u1, "", "")
	if got.status != 200 || !isMP4(got.body) || got.header.Get("Content-Type") != "video/mp4" {
		t.Fatalf("media: %d %q", got.status, got.body[:min(16, len(got.body))])
	}
	if bad := call(t, "GET", strings.Replace(u1, "n=", "n=9", 1), "", ""); bad.status != 403 {
		t.Fatalf("tampered URL: %d", bad.status)
	}
	s.Advance(s.MediaTTL() + time.Second)
	if old := call(t, "GET", u1, "", ""); old.status != 403 || !bytes.Contains(old.body, []byte("Request has expired")) {
		t.Fatalf("expired URL: %d %s", old.status, old.body)
	}
	if fresh := call(t, "GET", s.MediaURL(j), "", ""); fresh.status != 200 {
		t.Fatalf("fresh URL: %d", fresh.status)
	}
	if n := len(s.Requests(RouteMedia)); n != 5 {
		t.Fatalf("logged %d media requests", n)
	}
}

func TestMediaFor(t *testing.T) {
	s := NewServer(Options{Media: map[string][]byte{"16x9.mp4": nil, "9x16.mp4": nil, "9x16.webm": nil, "1x1.mp4": nil}})
	defer s.Close()
	for hint, want := range map[string]string{"9x16": "9x16.mp4", "1x1": "1x1.mp4", "": "16x9.mp4", "4x5": "16x9.mp4"} {
		if got := s.MediaFor(hint); got != want {
			t.Errorf("MediaFor(%q) = %q, want %q", hint, got, want)
		}
	}
}

func TestManualClock(t *testing.T) {
	c := NewManualClock(Epoch)
	c.Advance(90 * time.Second)
	if got := c.Now().Sub(Epoch); got != 90*time.Second {
		t.Fatal(got)
	}
}

package render

import (
	"bytes"
	"errors"
	"strings"
	"sync"
	"testing"

	"github.com/reel-dev/reel/internal/jsoncheck"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/schema"
)

// syncBuffer is a terminal the live view's ticker may also write to.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A line said during a live view is printed above it: it is written over
// the view, which is drawn again below it, so the next redraw, which
// moves the cursor back over the view's own lines only, leaves the line
// alone.
func TestLiveSaysAboveTheView(t *testing.T) {
	var term syncBuffer
	l := NewLive(&term, 2)
	l.Event(Event{ID: "a", Step: "wait", Detail: "queued"})
	before := len(term.String())
	l.Above().Write([]byte("reel: stopping\n"))
	said := term.String()[before:]
	back, line, redraw := strings.Index(said, "\r\x1b[2A"), strings.Index(said, "reel: stopping\x1b[K\n"), strings.LastIndex(said, "] 0/2\x1b[K\n")
	if back < 0 || line < back || redraw < line {
		t.Fatalf("want the cursor back over the view, the line, then the view again; wrote %q", said)
	}
	l.Close()
	after := len(term.String())
	l.Above().Write([]byte("late\n"))
	if got := term.String()[after:]; got != "late\n" {
		t.Fatalf("after Close, a line is written alone; wrote %q", got)
	}
}

// Every event render --json writes follows reel schema events.
func TestJSONEventsFollowTheSchema(t *testing.T) {
	var out bytes.Buffer
	j := &JSON{W: &out}
	for _, step := range []string{"upload", "submit", "wait", "download", "warning", "done", "failed", "stopped"} {
		j.Event(Event{ID: "onboarding/welcome", Step: step, Detail: "something"})
	}
	j.Event(Event{ID: "a", Step: "wait"}) // no detail
	for _, p := range Problems(manifest.Errors{{Pos: manifest.Pos{File: "/p/videos/a.yaml", Line: 3, Col: 5}, Field: "scenes[0].scrpit", Msg: "unknown field"}}, "/p") {
		j.Emit("error", p)
	}
	j.Emit("error", Problems(errors.New("no reel.yaml here"), "/p")[0])
	if err := jsoncheck.Stream(schema.Events, out.Bytes()); err != nil {
		t.Error(err)
	}
	if !strings.Contains(out.String(), `"event":"error","file":"videos/a.yaml","line":3,"column":5,"field":"scenes[0].scrpit","message":"unknown field"}`) {
		t.Errorf("the manifest error is not where it is:\n%s", out.String())
	}
}

package render

import (
	"bytes"
	"errors"
	"regexp"
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
	l := NewLive(&term, 2, 1)
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

// escapes matches a terminal's control sequences and carriage returns.
var escapes = regexp.MustCompile("\x1b\\[[0-9;]*[A-Za-z]|\r")

// TestProgressColumnsAlign: the detail of every line starts in the same
// column, however long each video's id, in plain lines and in the live
// view's finished lines.
func TestProgressColumnsAlign(t *testing.T) {
	events := []Event{
		{ID: "a", Step: "submit", Detail: "sandbox"},
		{ID: "shorts/launch@es", Step: "download", Detail: "shorts/launch@es.mp4"},
		{ID: "a", Step: "done", Detail: "a.mp4"},
		{ID: "shorts/launch@es", Step: "done", Detail: "shorts/launch@es.mp4"},
	}
	width := len("shorts/launch@es")
	var plain bytes.Buffer
	p := Plain{W: &plain, IDs: width}
	var term syncBuffer
	l := NewLive(&term, 2, width)
	for _, e := range events {
		p.Event(e)
		l.Event(e)
	}
	l.Close()
	for name, out := range map[string]string{"plain": plain.String(), "live": term.String()} {
		col := -1
		for _, line := range strings.Split(out, "\n") {
			line = escapes.ReplaceAllString(line, "") // the live view's cursor moves aside
			i := strings.Index(line, ".mp4")
			if i < 0 || !strings.HasPrefix(line, "done") {
				continue
			}
			start := strings.LastIndex(line[:i], " ") + 1
			if col >= 0 && start != col {
				t.Errorf("%s: detail at column %d, then %d:\n%s", name, col, start, out)
			}
			col = start
		}
		if col < 0 {
			t.Errorf("%s: no done lines:\n%s", name, out)
		}
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

// TestPlainDetailIsOneLine: a provider's message with a newline and an
// escape sequence stays on its step's line in a CI log: no line of its own
// (a workflow command), no sequence for the log's viewer.
func TestPlainDetailIsOneLine(t *testing.T) {
	var b strings.Builder
	Plain{W: &b, IDs: 1}.Event(Event{ID: "a", Step: "failed", Detail: "bad voice\n::add-mask::x\x1b[2J"})
	if got, want := b.String(), "failed    a  bad voice ::add-mask::x [2J\n"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

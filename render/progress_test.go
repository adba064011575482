package render

import (
	"bytes"
	"strings"
	"sync"
	"testing"
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

// A line said during a live view is printed above it: the view is erased
// first and drawn again below the line, so the next redraw, which moves
// the cursor back over the view's own lines only, leaves the line alone.
func TestLiveSaysAboveTheView(t *testing.T) {
	var term syncBuffer
	l := NewLive(&term, 2, 1)
	l.Event(Event{ID: "a", Step: "wait", Detail: "queued"})
	before := len(term.String())
	l.Above().Write([]byte("reel: stopping\n"))
	said := term.String()[before:]
	erase, line, redraw := strings.Index(said, "\x1b[2A\x1b[J"), strings.Index(said, "reel: stopping\n"), strings.LastIndex(said, "] 0/2\n")
	if erase < 0 || line < erase || redraw < line {
		t.Fatalf("want the view erased, the line, then the view again; wrote %q", said)
	}
	l.Close()
	after := len(term.String())
	l.Above().Write([]byte("late\n"))
	if got := term.String()[after:]; got != "late\n" {
		t.Fatalf("after Close, a line is written alone; wrote %q", got)
	}
}

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
			if j := strings.LastIndex(line, "\x1b[J"); j >= 0 {
				line = line[j+len("\x1b[J"):] // the live view's redraws aside
			}
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

package render

import (
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"
)

// Progress shows a run as it goes. Plain writes one line per state change
// (CI logs), Live redraws a line per video and a total bar (a terminal),
// JSON writes one event per line (tools).
type Progress interface {
	Event(Event)
	Close()
}

// Plain writes a line per step: "submit   onboarding/welcome  heygen/v3".
type Plain struct{ W io.Writer }

func (p Plain) Event(e Event) { fmt.Fprintf(p.W, "%-9s %s  %s\n", e.Step, e.ID, e.Detail) }
func (p Plain) Close()        {}

// JSON writes each event as one JSON object per line (reel schema
// events): a step is {"time":…,"event":"render","video":…,"step":…}, and
// Emit writes the others (plan, rendered, error) to the same stream.
type JSON struct {
	W  io.Writer
	mu sync.Mutex
}

func (j *JSON) Event(e Event) {
	j.Emit("render", struct {
		Video  string `json:"video"`
		Step   string `json:"step"`
		Detail string `json:"detail,omitempty"`
	}{e.ID, e.Step, e.Detail})
}

// Emit writes one event named name with the fields of v (a struct).
func (j *JSON) Emit(name string, v any) {
	j.mu.Lock()
	defer j.mu.Unlock()
	WriteEvent(j.W, time.Now(), name, v)
}

func (j *JSON) Close() {}

// Live redraws the state of every video in flight, with its elapsed time,
// and a bar of how many are finished, on a terminal.
type Live struct {
	W     io.Writer
	Total int // videos with work to do

	mu      sync.Mutex
	rows    map[string]*liveRow
	drawn   int // lines drawn last time, to move the cursor back over
	closed  bool
	done    int
	stop    chan struct{}
	stopped chan struct{}
}

type liveRow struct {
	step, detail string
	start        time.Time
}

// NewLive starts redrawing twice a second, for the elapsed times.
func NewLive(w io.Writer, total int) *Live {
	l := &Live{W: w, Total: total, rows: map[string]*liveRow{}, stop: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(l.stopped)
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.C:
				l.mu.Lock()
				l.draw()
				l.mu.Unlock()
			}
		}
	}()
	return l
}

func (l *Live) Event(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	r := l.rows[e.ID]
	if r == nil {
		r = &liveRow{start: time.Now()}
		l.rows[e.ID] = r
	}
	r.step, r.detail = e.Step, e.Detail
	if e.Step == "done" || e.Step == "failed" {
		l.done++
		l.clear()
		fmt.Fprintf(l.W, "%-9s %s  %s (%s)\n", e.Step, e.ID, e.Detail, time.Since(r.start).Round(time.Second))
		delete(l.rows, e.ID)
	}
	l.draw()
}

// clear moves the cursor back over the last drawing and erases it.
func (l *Live) clear() {
	if l.drawn > 0 {
		fmt.Fprintf(l.W, "\x1b[%dA\x1b[J", l.drawn)
		l.drawn = 0
	}
}

func (l *Live) draw() {
	l.clear()
	ids := make([]string, 0, len(l.rows))
	for id := range l.rows {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		r := l.rows[id]
		fmt.Fprintf(l.W, "  %-9s %s  %s  %s\n", r.step, id, r.detail, time.Since(r.start).Round(time.Second))
	}
	const width = 30
	filled := 0
	if l.Total > 0 {
		filled = width * l.done / l.Total
	}
	fmt.Fprintf(l.W, "  [%s%s] %d/%d\n", strings.Repeat("#", filled), strings.Repeat(".", width-filled), l.done, l.Total)
	l.drawn = len(ids) + 1
}

func (l *Live) Close() {
	close(l.stop)
	<-l.stopped
	l.mu.Lock()
	defer l.mu.Unlock()
	l.clear()
	l.closed = true
}

// Above returns a writer whose lines appear above the live view: a line
// written to the terminal in its midst would be drawn over.
func (l *Live) Above() io.Writer { return above{l} }

type above struct{ l *Live }

func (a above) Write(p []byte) (int, error) {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	a.l.clear()
	n, err := a.l.W.Write(p)
	if !a.l.closed {
		a.l.draw()
	}
	return n, err
}

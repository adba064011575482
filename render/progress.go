package render

import (
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/reel-dev/reel/internal/textsafe"
)

// Progress shows a run as it goes. Plain writes one line per state change
// (CI logs), Live redraws a line per video and a total bar (a terminal),
// JSON writes one event per line (tools).
type Progress interface {
	Event(Event)
	Close()
}

// NewProgress is the display of a run of n videos whose longest id is ids
// long: a live view when live (on a terminal), else plain lines (CI logs).
func NewProgress(w io.Writer, live bool, n, ids int) Progress {
	if live {
		return NewLive(w, n, ids)
	}
	return Plain{W: w, IDs: ids}
}

// Plain writes a line per step: "submit   onboarding/welcome  heygen/v3",
// the ids padded to IDs characters so that the details line up.
type Plain struct {
	W   io.Writer
	IDs int // the longest id of the run
}

// Event writes e's line. Its detail is a provider's word or message made
// one line (textsafe.OneLine): a newline in it could start a line of its own, such
// as a GitHub Actions workflow command (::add-mask::) in a CI log.
func (p Plain) Event(e Event) {
	fmt.Fprintf(p.W, "%-9s %-*s  %s\n", e.Step, p.IDs, e.ID, textsafe.OneLine(e.Detail))
}
func (p Plain) Close() {}

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

// Package jsonout is stdout under --json, where nothing but the command's
// JSON may go: a stream of events, one a line (render, watch), or one
// document (plan, validate, status, voices, avatars), each following its
// schema (reel schema NAME). Errors reach it too: a stream tells each as an
// error event when it happens; a command that prints one document and
// fails before printing it prints {"errors": [...]} instead (see Finish).
// Errors are still printed on stderr as text, for the people reading a log.
package jsonout

import (
	"encoding/json"
	"io"
	"sync"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// Out is a command's stdout under --json.
type Out struct {
	stream bool // a stream of events, not one document
	dir    string
	w      *tracked
	events *render.JSON // a stream's events

	mu       sync.Mutex
	problems []render.Problem // a document's errors, until it is printed
}

// New returns stdout under --json: a stream of events or one document.
// Problems in files are told relative to dir, the folder reel runs in.
func New(stdout io.Writer, stream bool, dir string) *Out {
	t := &tracked{w: stdout}
	return &Out{stream: stream, dir: dir, w: t, events: &render.JSON{W: t}}
}

// Writer is stdout: what is written to it counts as the command's output.
func (o *Out) Writer() io.Writer { return o.w }

// Events is the stream of events.
func (o *Out) Events() *render.JSON { return o.events }

// Problem tells an error on stdout; a no-op on a nil Out (no --json).
func (o *Out) Problem(err error) {
	if o == nil {
		return
	}
	ps := render.Problems(err, o.dir)
	if o.stream {
		for _, p := range ps {
			o.events.Emit("error", p)
		}
		return
	}
	o.mu.Lock()
	defer o.mu.Unlock()
	o.problems = append(o.problems, ps...)
}

// Recorded returns the errors told so far (a document's), never nil.
func (o *Out) Recorded() []render.Problem {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]render.Problem{}, o.problems...)
}

// Document prints the command's one document.
func (o *Out) Document(v any) error {
	enc := json.NewEncoder(o.w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// Finish prints the errors as the document of a command that printed
// none; called once the command has run. A no-op on a nil Out.
func (o *Out) Finish() {
	if o == nil || o.stream || o.w.wrote() {
		return
	}
	if ps := o.Recorded(); len(ps) > 0 {
		o.Document(struct {
			Errors []render.Problem `json:"errors"`
		}{ps})
	}
}

// Plan tells the plan event of a stream; a no-op on a nil Out.
func (o *Out) Plan(h plan.Head) {
	if o != nil {
		o.events.Emit("plan", planEvent(h))
	}
}

// Rendered tells the end of a reel render run (renderedEvent); a no-op on
// a nil Out.
func (o *Out) Rendered(p *plan.Plan, res render.Result, line string, interrupted bool) {
	if o != nil {
		o.events.Emit("rendered", renderedEvent(p, res, line, interrupted))
	}
}

// planEvent is the plan event of a stream: its summary, counts and total.
func planEvent(h plan.Head) any {
	counts := h.Counts
	if counts == nil {
		counts = map[plan.Kind]int{}
	}
	return struct {
		Summary string            `json:"summary"`
		Counts  map[plan.Kind]int `json:"counts"`
		Total   plan.Cost         `json:"total"`
	}{h.Summary(), counts, h.Total}
}

// renderedEvent is the end of a reel render --json run.
func renderedEvent(p *plan.Plan, res render.Result, line string, interrupted bool) any {
	return struct {
		Done        []string          `json:"done"`
		Failed      map[string]string `json:"failed,omitempty"`
		Stopped     map[string]string `json:"stopped,omitempty"`
		Rendered    int               `json:"rendered"`
		Downloaded  int               `json:"downloaded"`
		UpToDate    int               `json:"up_to_date"`
		SpentUSD    float64           `json:"spent_usd"`
		Interrupted bool              `json:"interrupted,omitempty"`
		Summary     string            `json:"summary"`
	}{append([]string{}, res.Done...), render.Messages(res.Failed), render.Messages(res.Stopped), res.Rendered, res.Fetched,
		p.Counts()[plan.OK], res.SpentUSD, interrupted, line}
}

// tracked is stdout, noting whether anything was written to it.
type tracked struct {
	w  io.Writer
	mu sync.Mutex
	n  int
}

func (t *tracked) Write(p []byte) (int, error) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.n += len(p)
	return t.w.Write(p)
}

func (t *tracked) wrote() bool {
	t.mu.Lock()
	defer t.mu.Unlock()
	return t.n > 0
}

// Validated is reel validate --json's document: whether all is valid, what
// was read (videos and manifests, nil when nothing could be), and every
// error.
func Validated(valid bool, videos, manifests *int, errs []render.Problem) any {
	return struct {
		Valid     bool             `json:"valid"`
		Videos    *int             `json:"videos,omitempty"`
		Manifests *int             `json:"manifests,omitempty"`
		Errors    []render.Problem `json:"errors"`
	}{valid, videos, manifests, errs}
}

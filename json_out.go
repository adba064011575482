package main

import (
	"encoding/json"
	"fmt"
	"io"
	"sync"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/schema"
)

// jsonFormat is what a command prints on stdout with --json: the schema
// it follows (reel schema NAME), and whether it is a stream of one event
// per line or one document.
type jsonFormat struct {
	schema string
	stream bool
}

// jsonFormats are the --json outputs, by command. A command with --json
// has one: its tests hold what it prints to the schema.
var jsonFormats = map[string]jsonFormat{
	"validate": {schema.ValidateOut, false},
	"plan":     {schema.PlanJSON, false},
	"render":   {schema.Events, true},
	"watch":    {schema.Events, true},
	"status":   {schema.Status, false},
	"voices":   {schema.Voices, false},
	"avatars":  {schema.Avatars, false},
}

// jsonOut is stdout under --json, where nothing but JSON may go. Errors
// reach it too: a stream tells each as an error event when it happens; a
// command that prints one document and fails before printing it prints
// {"errors": [...]} instead (see finish). Errors are still printed on
// stderr as text, for the people reading a log.
type jsonOut struct {
	format jsonFormat
	dir    string
	w      *tracked
	events *render.JSON // a stream's events

	mu       sync.Mutex
	problems []render.Problem // a document's errors, until it is printed
}

// jsonMode switches the command to --json output: stdout then carries
// only the command's format.
func (e *env) jsonMode(command string) *jsonOut {
	t := &tracked{w: e.stdout}
	e.stdout = t
	e.json = &jsonOut{format: jsonFormats[command], dir: e.dir, w: t, events: &render.JSON{W: t}}
	return e.json
}

// problem tells an error on stdout; a no-op without --json.
func (j *jsonOut) problem(err error) {
	if j == nil {
		return
	}
	ps := render.Problems(err, j.dir)
	if j.format.stream {
		for _, p := range ps {
			j.events.Emit("error", p)
		}
		return
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.problems = append(j.problems, ps...)
}

// recorded returns the errors told so far (a document's), never nil.
func (j *jsonOut) recorded() []render.Problem {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]render.Problem{}, j.problems...)
}

// document prints the command's one document.
func (j *jsonOut) document(v any) error {
	enc := json.NewEncoder(j.w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

// finish prints the errors as the document of a command that printed
// none; called once the command has run.
func (j *jsonOut) finish() {
	if j == nil || j.format.stream || j.w.wrote() {
		return
	}
	if ps := j.recorded(); len(ps) > 0 {
		j.document(struct {
			Errors []render.Problem `json:"errors"`
		}{ps})
	}
}

// textOut is where a command's lines for people go: stdout, or stderr
// under --json.
func (e *env) textOut() io.Writer {
	if e.json != nil {
		return e.stderr
	}
	return e.stdout
}

// planned says what a plan holds before render carries it out: its
// summary line, and under --json the plan event.
func (e *env) planned(h plan.Head, asJSON bool) {
	fmt.Fprintln(e.textOut(), h.Summary())
	if asJSON {
		e.json.events.Emit("plan", planEvent(h))
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

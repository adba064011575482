package watch

import (
	"io"
	"sync"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// JSON writes one event per line, for editors and tools: "plan" for the
// first plan, each re-plan and the plan after a batch of drafts (then
// without files: its actions are the batch's videos as they now stand),
// "watching", "notice", "render" for a draft's steps and "rendered" at
// the end of a batch.
type JSON struct {
	W   io.Writer
	Dir string // paths are given relative to it

	mu sync.Mutex
}

type jsonAction struct {
	ID     string     `json:"id"`
	Action plan.Kind  `json:"action"`
	Reason string     `json:"reason"`
	Cost   *plan.Cost `json:"cost,omitempty"`
}

func (j *JSON) Plan(u *Update) {
	ev := struct {
		Initial    bool              `json:"initial,omitempty"`
		Rescan     bool              `json:"rescan,omitempty"`
		Files      []string          `json:"files,omitempty"`
		Actions    []jsonAction      `json:"actions"`
		Removed    []string          `json:"removed,omitempty"`
		Errors     []render.Problem  `json:"errors,omitempty"`
		Summary    string            `json:"summary"`
		Counts     map[plan.Kind]int `json:"counts"`
		Total      plan.Cost         `json:"total"`
		ErrorCount int               `json:"error_count"`
	}{Initial: u.Full && len(u.Files) == 0, Rescan: u.Rescan, Removed: u.Removed, Summary: Summary(u),
		Counts: u.Plan.Counts(), Total: u.Plan.Total, ErrorCount: u.ErrorCount, Actions: []jsonAction{}}
	for _, f := range u.Files {
		ev.Files = append(ev.Files, relTo(j.Dir, f))
	}
	for _, a := range u.Actions {
		ja := jsonAction{ID: a.ID, Action: a.Kind, Reason: a.Reason}
		if a.Kind.Paid() {
			c := a.Cost
			ja.Cost = &c
		}
		ev.Actions = append(ev.Actions, ja)
	}
	for _, e := range u.Errors {
		ev.Errors = append(ev.Errors, render.ProblemOf(e, j.Dir))
	}
	j.emit("plan", ev)
}

func (j *JSON) Watching(root string) {
	j.emit("watching", struct {
		Root string `json:"root"`
	}{root})
}

func (j *JSON) Notice(msg string) {
	j.emit("notice", struct {
		Message string `json:"message"`
	}{msg})
}

func (j *JSON) Event(e render.Event) {
	j.emit("render", struct {
		Video  string `json:"video"`
		Step   string `json:"step"`
		Detail string `json:"detail,omitempty"`
	}{e.ID, e.Step, e.Detail})
}

func (j *JSON) Rendered(p *plan.Plan, res render.Result, sessionUSD float64) {
	j.emit("rendered", struct {
		Done       []string          `json:"done"`
		Failed     map[string]string `json:"failed,omitempty"`
		Stopped    map[string]string `json:"stopped,omitempty"`
		Rendered   int               `json:"rendered"`
		Downloaded int               `json:"downloaded"`
		SpentUSD   float64           `json:"spent_usd"`
		SessionUSD float64           `json:"session_usd"`
	}{append([]string{}, res.Done...), render.Messages(res.Failed), render.Messages(res.Stopped), res.Rendered, res.Fetched, res.SpentUSD, sessionUSD})
}

// emit writes {"time":…,"event":name, …fields of v}.
func (j *JSON) emit(name string, v any) {
	j.mu.Lock()
	defer j.mu.Unlock()
	render.WriteEvent(j.W, time.Now(), name, v)
}

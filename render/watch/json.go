package watch

import (
	"encoding/json"
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

type jsonError struct {
	File    string `json:"file"`
	Line    int    `json:"line"`
	Col     int    `json:"col"`
	Field   string `json:"field,omitempty"`
	Message string `json:"message"`
}

func (j *JSON) Plan(u *Update) {
	ev := struct {
		Initial    bool              `json:"initial,omitempty"`
		Rescan     bool              `json:"rescan,omitempty"`
		Files      []string          `json:"files,omitempty"`
		Actions    []jsonAction      `json:"actions"`
		Removed    []string          `json:"removed,omitempty"`
		Errors     []jsonError       `json:"errors,omitempty"`
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
		ev.Errors = append(ev.Errors, jsonError{relTo(j.Dir, e.Pos.File), max(e.Pos.Line, 1), max(e.Pos.Col, 1), e.Field, e.Msg})
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
	failed := map[string]string{}
	for id, err := range res.Failed {
		failed[id] = err.Error()
	}
	j.emit("rendered", struct {
		Done       []string          `json:"done"`
		Failed     map[string]string `json:"failed,omitempty"`
		Rendered   int               `json:"rendered"`
		Downloaded int               `json:"downloaded"`
		SpentUSD   float64           `json:"spent_usd"`
		SessionUSD float64           `json:"session_usd"`
	}{res.Done, failed, res.Rendered, res.Fetched, res.SpentUSD, sessionUSD})
}

// emit writes {"time":…,"event":name, …fields of v}.
func (j *JSON) emit(name string, v any) {
	body, _ := json.Marshal(v)
	head, _ := json.Marshal(struct {
		Time  string `json:"time"`
		Event string `json:"event"`
	}{time.Now().UTC().Format(time.RFC3339Nano), name})
	line := append(head, '\n')
	if string(body) != "{}" {
		line = append(append(head[:len(head)-1:len(head)-1], ','), body[1:]...)
		line = append(line, '\n')
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.W.Write(line)
}

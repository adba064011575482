package watch

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/jsoncheck"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/schema"
)

func sampleUpdate() *Update {
	return &Update{
		Files: []string{"/p/videos/a.yaml"},
		Actions: []plan.Action{
			{ID: "a", Kind: plan.Render, Reason: "changed: script", Cost: plan.Cost{USD: 3, Credits: 3, Seconds: 30}},
			{ID: "a@es", Kind: plan.OK, Reason: "up to date"},
		},
		Removed:    []string{"old/one"},
		Errors:     manifest.Errors{{Pos: manifest.Pos{File: "/p/videos/b.yaml", Line: 3, Col: 5}, Field: "scenes[0].scrpit", Msg: "unknown field"}},
		Plan:       &plan.Plan{Actions: []plan.Action{{ID: "a", Kind: plan.Render}, {ID: "a@es", Kind: plan.OK}}, Total: plan.Cost{USD: 3, Credits: 3, Seconds: 30}},
		ErrorCount: 1, ErrorFiles: 1,
	}
}

// On a terminal each re-plan redraws the screen; in a log it is plain
// lines, the same ones.
func TestLines(t *testing.T) {
	var plain, screen bytes.Buffer
	(&Lines{W: &plain, Dir: "/p"}).Plan(sampleUpdate())
	(&Lines{W: &screen, Dir: "/p", Clear: true, Now: func() time.Time { return time.Date(2026, 1, 1, 9, 30, 0, 0, time.UTC) }}).Plan(sampleUpdate())
	want := `changed: videos/a.yaml
videos/b.yaml:3:5: scenes[0].scrpit: unknown field
~ render   a        changed: script  $3.00 (3 credits) for ~0:30
= ok       a@es     up to date
- removed  old/one  its manifest is gone
Plan: 1 to re-render, 1 up to date. Estimated cost: $3.00 (3 credits) for ~0:30. 1 error in 1 file.
`
	if plain.String() != want {
		t.Errorf("plain:\n%s\nwant:\n%s", plain.String(), want)
	}
	if screen.String() != "\x1b[H\x1b[2Jreel watch  /p  09:30:00  (Ctrl-C to stop)\n\n"+want {
		t.Errorf("screen:\n%q", screen.String())
	}
}

// The plan shown after a render does not redraw the screen: the render's
// lines and its report stay above it.
func TestLinesAfterRender(t *testing.T) {
	var screen bytes.Buffer
	u := &Update{
		Rendered: true,
		Actions:  []plan.Action{{ID: "a", Kind: plan.OK, Reason: "up to date"}},
		Plan:     &plan.Plan{Actions: []plan.Action{{ID: "a", Kind: plan.OK}, {ID: "b", Kind: plan.OK}}},
	}
	(&Lines{W: &screen, Dir: "/p", Clear: true}).Plan(u)
	want := "= ok       a  up to date\nPlan: 2 up to date. Nothing to pay.\n"
	if screen.String() != want {
		t.Errorf("screen:\n%q\nwant:\n%q", screen.String(), want)
	}
}

func TestJSONEvents(t *testing.T) {
	var buf bytes.Buffer
	j := &JSON{W: &buf, Dir: "/p"}
	j.Plan(sampleUpdate())
	j.Notice("hello")
	j.Event(render.Event{ID: "a", Step: "submit", Detail: "sandbox"})
	j.Rendered(&plan.Plan{}, render.Result{Done: []string{"a"}, Rendered: 1, SpentUSD: 3}, 3)
	j.Rendered(&plan.Plan{}, render.Result{Stopped: map[string]error{"b": errors.New("stopped before submitting")}}, 3) // a batch that finished none
	j.Watching("/p")
	if err := jsoncheck.Stream(schema.Events, buf.Bytes()); err != nil {
		t.Error(err)
	}
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	want := []string{"plan", "notice", "render", "rendered", "rendered", "watching"}
	if len(lines) != len(want) {
		t.Fatalf("%d lines:\n%s", len(lines), buf.String())
	}
	for i, line := range lines {
		var ev map[string]any
		if err := json.Unmarshal([]byte(line), &ev); err != nil {
			t.Fatalf("line %d is not JSON: %v\n%s", i, err, line)
		}
		if ev["event"] != want[i] || ev["time"] == nil {
			t.Errorf("line %d: event %v, want %s", i, ev["event"], want[i])
		}
	}
	for _, s := range []string{`"files":["videos/a.yaml"]`, `"file":"videos/b.yaml","line":3,"column":5`, `"removed":["old/one"]`, `"error_count":1`, `"message":"hello"`, `"session_usd":3`, `"done":[],"stopped":{"b":"stopped before submitting"}`} {
		if !strings.Contains(buf.String(), s) {
			t.Errorf("no %s in\n%s", s, buf.String())
		}
	}
}

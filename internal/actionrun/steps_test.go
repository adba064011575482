package actionrun_test

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/cireport"
)

// corpusErrors are the errors of every case of the invalid-manifest
// corpus, as reel validate prints them (relative to the project).
func corpusErrors(t *testing.T) string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "..", "testdata", "invalid", "*.golden"))
	if err != nil || len(files) < 40 {
		t.Fatalf("the invalid corpus: %d goldens, %v", len(files), err)
	}
	var b strings.Builder
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		b.Write(data)
	}
	return b.String()
}

// TestActionValidateCorpus runs the action's steps on the errors of the
// whole invalid-manifest corpus, in a project in site/: each error is an
// annotation on its file from the repository's root, line and column; the
// job summary lists them; the outputs count them; the step fails, and
// nothing after it runs.
func TestActionValidateCorpus(t *testing.T) {
	w := newWorld(t)
	errs := corpusErrors(t)
	w.write(t, "errors.txt", errs)
	r := w.run(t, map[string]string{"command": "validate", "working-directory": "site"}, nil)

	step, _ := r.Step("reel")
	if !r.Failed || step.Exit != 1 {
		t.Errorf("the run failed=%v, reel step exit %d; want a failure with exit 1", r.Failed, step.Exit)
	}
	if _, ran := r.Step("comment"); ran {
		t.Errorf("a step ran after the failed one")
	}
	lines := strings.Split(strings.TrimSpace(errs), "\n")
	if len(step.Commands) != len(lines) {
		t.Fatalf("%d annotations for %d errors", len(step.Commands), len(lines))
	}
	for i, line := range lines {
		c := step.Commands[i]
		place := c.Props["file"] + ":" + c.Props["line"] + ":" + c.Props["col"] + ": "
		if c.Name != "error" || "site/"+line[:len(place)-len("site/")] != place {
			t.Errorf("error %q: annotation %s %v", line, c.Name, c.Props)
		}
		if !strings.HasSuffix(line, c.Data) {
			t.Errorf("error %q: annotation says %q", line, c.Data)
		}
	}
	if got := r.Outputs["errors"]; got != strconv.Itoa(len(lines)) {
		t.Errorf("output errors = %q, want %d", got, len(lines))
	}
	if n := strings.Count(r.Summary, "\n| `site/"); n != len(lines) {
		t.Errorf("the summary lists %d errors, want %d", n, len(lines))
	}
	golden(t, "validate/annotations.golden", commandsText(step.Commands))
	golden(t, "validate/summary.golden", r.Summary)
	golden(t, "validate/outputs.golden", outputsText(r.Outputs))
}

// examplePlan is a plan a pull request makes: a new video, a changed one,
// a download, one up to date.
func examplePlan(t *testing.T) string {
	t.Helper()
	p := cireport.Plan{
		Total: cireport.Cost{USD: 12, Credits: 12, Seconds: 100},
		Rows: []cireport.Row{
			{Video: "onboarding/welcome", Action: cireport.Create, Reason: "new video", Cost: cireport.Cost{USD: 6, Credits: 6, Seconds: 40}},
			{Video: "shorts/launch", Action: cireport.Render, Reason: "changed: scenes[0].script", Cost: cireport.Cost{USD: 6, Credits: 6, Seconds: 60},
				Changes: []cireport.Change{{Field: "scenes[0].script", Request: "scenes[0].input.script", Old: `"Hi."`, New: `"Hello."`}}},
			{Video: "social/teaser", Action: cireport.Download, Reason: "output missing: fetch it again, free"},
			{Video: "explainer", Action: cireport.OK, Reason: "up to date"},
		},
	}
	b, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// comments are a pull request's comments: one of a person, quoting the
// marker, and the one the action posted before.
const comments = `[
  {"id": 41, "user": {"login": "mallory", "type": "User"}, "body": "<!-- reel-plan -->\n<!-- reel-project: site -->\nnot the bot's"},
  {"id": 40, "user": {"login": "github-actions[bot]", "type": "Bot"}, "body": "<!-- reel-plan -->\n<!-- reel-project: other -->\nanother project's"},
  {"id": 42, "user": {"login": "github-actions[bot]", "type": "Bot"}, "body": "<!-- reel-plan -->\n<!-- reel-project: site -->\nan older plan"}
]`

// TestActionPlanComment runs the action's steps for a pull request's plan
// with a comment: the plan's summary and outputs, reel run with the
// budget, and the comment posted before (the bot's, of this project)
// updated with the comment body, which matches its golden.
func TestActionPlanComment(t *testing.T) {
	w := newWorld(t)
	w.write(t, "plan.json", examplePlan(t))
	w.write(t, "comments.json", comments)
	r := w.run(t, map[string]string{"command": "plan", "working-directory": "site", "budget": "25", "comment": "true"}, nil)
	if r.Failed {
		t.Fatalf("the run failed: %+v", r.Steps)
	}
	var args []string
	for _, c := range w.calls(t, "reel") {
		args = append(args, strings.Trim(strings.Join(strs(c["args"]), " "), " "))
	}
	if want := []string{"plan --max-cost 25", "plan --max-cost 25 --format markdown"}; !reflect.DeepEqual(args, want) {
		t.Errorf("reel ran as %q, want %q", args, want)
	}
	writes := writesOf(w.calls(t, "gh"))
	if len(writes) != 1 || writes[0]["method"] != "PATCH" || writes[0]["path"] != "repos/acme/videos/issues/comments/42" {
		t.Fatalf("gh wrote %v; want one PATCH of comment 42", writes)
	}
	body, _ := writes[0]["body"].(string)
	if !strings.HasPrefix(body, cireport.Marker+"\n<!-- reel-project: site -->\n") {
		t.Errorf("the comment does not start with its marker:\n%s", body)
	}
	for k, want := range map[string]string{"to-create": "1", "to-rerender": "1", "to-download": "1", "up-to-date": "1", "cost": "12.00", "paid-pending": "true", "over-budget": "false"} {
		if r.Outputs[k] != want {
			t.Errorf("output %s = %q, want %q", k, r.Outputs[k], want)
		}
	}
	golden(t, "plan/comment.golden", body)
	golden(t, "plan/summary.golden", r.Summary)
	golden(t, "plan/outputs.golden", outputsText(r.Outputs))
}

// TestActionPlanOverBudget checks that a plan over the budget is
// commented (a new comment: none of the bot's is there yet) and then
// fails the step with exit 4 and an annotation that says why.
func TestActionPlanOverBudget(t *testing.T) {
	w := newWorld(t)
	w.write(t, "plan.json", examplePlan(t))
	w.write(t, "comments.json", `[]`)
	r := w.run(t, map[string]string{"command": "plan", "working-directory": "site", "budget": "10", "comment": "true"}, nil)
	last := r.Steps[len(r.Steps)-1]
	if !r.Failed || last.Exit != 4 {
		t.Fatalf("failed=%v, the last step exited %d; want exit 4", r.Failed, last.Exit)
	}
	if len(last.Commands) != 1 || last.Commands[0].Name != "error" || last.Commands[0].Props["title"] != "reel: over budget" || !strings.Contains(last.Commands[0].Data, "$12.00") {
		t.Errorf("the budget step says %+v", last.Commands)
	}
	writes := writesOf(w.calls(t, "gh"))
	if len(writes) != 1 || writes[0]["method"] != "POST" || writes[0]["path"] != "repos/acme/videos/issues/7/comments" {
		t.Fatalf("gh wrote %v; want one POST on pull request 7", writes)
	}
	if body, _ := writes[0]["body"].(string); !strings.Contains(body, "over the budget") {
		t.Errorf("the comment does not say it is over the budget:\n%s", body)
	}
}

// TestActionCommentRefused checks that a comment the token may not post
// (a fork's pull request) is a warning: the plan and the budget stand.
func TestActionCommentRefused(t *testing.T) {
	w := newWorld(t)
	w.write(t, "plan.json", examplePlan(t))
	w.write(t, "comments.json", `[]`)
	w.write(t, "gh.fail", "")
	r := w.run(t, map[string]string{"command": "plan", "working-directory": "site", "comment": "true"}, nil)
	if r.Failed {
		t.Fatalf("the run failed: %+v", r.Steps)
	}
	step, _ := r.Step("comment")
	if len(step.Commands) != 1 || step.Commands[0].Name != "warning" {
		t.Errorf("the comment step says %+v, want one warning", step.Commands)
	}
}

// TestActionRender checks a render shard: reel gets the budget and the
// shard, the key from the caller's env (a secret), and no comment is made.
func TestActionRender(t *testing.T) {
	w := newWorld(t)
	w.write(t, "plan.json", examplePlan(t))
	r := w.run(t, map[string]string{"command": "render", "working-directory": "site", "budget": "25", "shard": "2/4", "comment": "true"},
		map[string]string{"HEYGEN_API_KEY": "secret-from-secrets"})
	if r.Failed {
		t.Fatalf("the run failed: %+v", r.Steps)
	}
	calls := w.calls(t, "reel")
	if len(calls) != 1 || strings.Join(strs(calls[0]["args"]), " ") != "render --max-cost 25 --shard 2/4" || calls[0]["heygen_key"] != true {
		t.Errorf("reel ran as %v", calls)
	}
	if !strings.HasSuffix(calls[0]["dir"].(string), string(filepath.Separator)+"site") {
		t.Errorf("reel ran in %v, want the project's folder", calls[0]["dir"])
	}
	if gh := w.calls(t, "gh"); len(gh) != 0 {
		t.Errorf("a render commented: %v", gh)
	}
}

// TestActionRefusesBadInputs checks that a command the action does not
// know, or a shard outside render, fails with exit 2 and says why.
func TestActionRefusesBadInputs(t *testing.T) {
	for _, in := range []map[string]string{
		{"command": "rm -rf /"},
		{"command": "plan", "shard": "1/2"},
	} {
		w := newWorld(t)
		r := w.run(t, in, nil)
		step, _ := r.Step("reel")
		if step.Exit != 2 || len(step.Commands) != 1 || step.Commands[0].Name != "error" {
			t.Errorf("%v: exit %d, %+v", in, step.Exit, step.Commands)
		}
		if calls := w.calls(t, "reel"); len(calls) != 0 {
			t.Errorf("%v: reel ran: %v", in, calls)
		}
	}
}

func writesOf(calls []map[string]any) []map[string]any {
	var out []map[string]any
	for _, c := range calls {
		if c["method"] == "POST" || c["method"] == "PATCH" {
			out = append(out, c)
		}
	}
	return out
}

func strs(v any) []string {
	var out []string
	for _, x := range v.([]any) {
		out = append(out, x.(string))
	}
	return out
}

package actionrun_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/cireport"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/rogpeppe/go-internal/txtar"
)

// pullRequest makes the world's site/ the project of testdata/project.txtar,
// renders it with reel at a fake HeyGen, then edits it as a pull request
// would: a changed script, a new video, an output lost. It returns the
// env that points reel at the fake.
func (w *world) pullRequest(t *testing.T) map[string]string {
	t.Helper()
	ar, err := txtar.ParseFile(filepath.Join("testdata", "project.txtar"))
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range ar.Files {
		writeFile(t, filepath.Join(w.site, f.Name), f.Data)
	}
	hg := fake.NewHeyGen(fake.HeyGenOptions{
		Options: fake.Options{Clock: fake.WallClock{}, Timeline: fake.Timeline{Queued: 20 * time.Millisecond, Processing: 40 * time.Millisecond}, MediaTTL: time.Hour},
		API:     fake.HeyGenV3,
		Credits: 1 << 40,
	})
	t.Cleanup(hg.Close)
	env := map[string]string{"HEYGEN_API_BASE": hg.BaseURL(), "HEYGEN_API_KEY": hg.Key()}
	render := exec.Command(reelBin, "render", "--yes", "--poll", "20ms")
	render.Dir = w.site
	render.Env = append(os.Environ(), "GITHUB_ACTIONS=", "XDG_CACHE_HOME="+filepath.Join(w.temp, "cache"), "HEYGEN_API_BASE="+hg.BaseURL(), "HEYGEN_API_KEY="+hg.Key())
	if out, err := render.CombinedOutput(); err != nil {
		t.Fatalf("reel render: %v\n%s", err, out)
	}
	writeFile(t, filepath.Join(w.site, "videos", "shorts", "launch.yaml"), []byte("avatar: {id: Daisy-inskirt-20220818}\ndimension: {aspect: \"9:16\", resolution: 720p}\nscenes: [{script: Hello.}]\n"))
	writeFile(t, filepath.Join(w.site, "videos", "onboarding", "welcome.yaml"), []byte("avatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Welcome to Acme and its invoices.}]\n"))
	if err := os.Remove(filepath.Join(w.site, "out", "social", "teaser.mp4")); err != nil {
		t.Fatal(err)
	}
	return env
}

// comments are a pull request's comments: one of a person, quoting the
// marker, one of the bot for another project, and the one the action
// posted before.
const comments = `[
  {"id": 41, "user": {"login": "mallory", "type": "User"}, "body": "<!-- reel-plan -->\n<!-- reel-project: site -->\nnot the bot's"},
  {"id": 40, "user": {"login": "github-actions[bot]", "type": "Bot"}, "body": "<!-- reel-plan -->\n<!-- reel-project: other -->\nanother project's"},
  {"id": 42, "user": {"login": "github-actions[bot]", "type": "Bot"}, "body": "<!-- reel-plan -->\n<!-- reel-project: site -->\nan older plan"}
]`

// args are the arguments of each run of reel, joined.
func args(calls []reelCall) []string {
	var out []string
	for _, c := range calls {
		out = append(out, strings.Join(c.args, " "))
	}
	return out
}

// TestActionPlanComment runs the action's steps for a pull request's plan
// with a comment: reel plan with the budget, its summary and outputs, and
// the comment posted before (the bot's, of this project) updated with the
// comment body, which shows the changed script as --diff does.
func TestActionPlanComment(t *testing.T) {
	w := newWorld(t)
	env := w.pullRequest(t)
	w.write(t, "comments.json", comments)
	r := w.run(t, map[string]string{"command": "plan", "working-directory": "site", "budget": "25", "comment": "true"}, env)
	if r.Failed {
		t.Fatalf("the run failed: %+v", r.Steps)
	}
	if got, want := args(w.reelCalls(t)), []string{"plan --max-cost 25", "plan --max-cost 25 --format markdown"}; !slices.Equal(got, want) {
		t.Errorf("reel ran as %q, want %q", got, want)
	}
	writes := writesOf(w.calls(t, "gh"))
	if len(writes) != 1 || writes[0]["method"] != "PATCH" || writes[0]["path"] != "repos/acme/videos/issues/comments/42" {
		t.Fatalf("gh wrote %v; want one PATCH of comment 42", writes)
	}
	body, _ := writes[0]["body"].(string)
	if !strings.HasPrefix(body, cireport.Marker+"\n<!-- reel-project: site -->\n") {
		t.Errorf("the comment does not start with its marker:\n%s", body)
	}
	if !strings.Contains(body, "\n`shorts/launch`\n```\nscenes[0].script: \"Hi.\" → \"Hello.\"") {
		t.Errorf("the comment does not show the changed script as --diff does:\n%s", body)
	}
	for k, want := range map[string]string{"to-create": "1", "to-rerender": "1", "to-download": "1", "up-to-date": "1", "paid-pending": "true", "over-budget": "false"} {
		if r.Outputs[k] != want {
			t.Errorf("output %s = %q, want %q", k, r.Outputs[k], want)
		}
	}
	if !strings.Contains(r.Summary, "| ~ | `shorts/launch` | render | changed: scenes\\[0\\].script |") {
		t.Errorf("the summary does not list the re-render:\n%s", r.Summary)
	}
	golden(t, "plan/comment.golden", body)
	golden(t, "plan/summary.golden", r.Summary)
	golden(t, "plan/outputs.golden", outputsText(r.Outputs))
}

// TestActionPlanOverBudget checks that a plan over the budget is
// commented (a new comment: none of the bot's is there yet), and then
// fails the job with exit 4 and an annotation that says why.
func TestActionPlanOverBudget(t *testing.T) {
	w := newWorld(t)
	env := w.pullRequest(t)
	w.write(t, "comments.json", `[]`)
	r := w.run(t, map[string]string{"command": "plan", "working-directory": "site", "budget": "1", "comment": "true"}, env)
	last := r.Steps[len(r.Steps)-1]
	if !r.Failed || last.Exit != 4 {
		t.Fatalf("failed=%v, the last step exited %d; want exit 4\n%+v", r.Failed, last.Exit, r.Steps)
	}
	if r.Outputs["over-budget"] != "true" {
		t.Errorf("output over-budget = %q, want true", r.Outputs["over-budget"])
	}
	if len(last.Commands) != 1 || last.Commands[0].Name != "error" || last.Commands[0].Props["title"] != "reel: over budget" || !strings.Contains(last.Commands[0].Data, "$"+r.Outputs["cost"]) {
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
	env := w.pullRequest(t)
	w.write(t, "comments.json", `[]`)
	w.write(t, "gh.fail", "")
	r := w.run(t, map[string]string{"command": "plan", "working-directory": "site", "comment": "true"}, env)
	if r.Failed {
		t.Fatalf("the run failed: %+v", r.Steps)
	}
	step, _ := r.Step("comment")
	if len(step.Commands) != 1 || step.Commands[0].Name != "warning" {
		t.Errorf("the comment step says %+v, want one warning", step.Commands)
	}
}

// TestActionRender checks a render: reel gets the budget and the shard
// and the key from the caller's env (a secret), renders what the pull
// request changed, writes the plan's summary and outputs, and no comment
// is made.
func TestActionRender(t *testing.T) {
	w := newWorld(t)
	env := w.pullRequest(t)
	r := w.run(t, map[string]string{"command": "render", "working-directory": "site", "budget": "25", "shard": "1/1", "comment": "true"}, env)
	if r.Failed {
		t.Fatalf("the run failed: %+v", r.Steps)
	}
	calls := w.reelCalls(t)
	if got := args(calls); !slices.Equal(got, []string{"render --max-cost 25 --shard 1/1"}) {
		t.Errorf("reel ran as %q", got)
	}
	if len(calls) > 0 && calls[0].dir != w.site {
		t.Errorf("reel ran in %s, want the project's folder %s", calls[0].dir, w.site)
	}
	for _, out := range []string{"onboarding/welcome.mp4", "shorts/launch.mp4", "social/teaser.mp4"} {
		if _, err := os.Stat(filepath.Join(w.site, "out", out)); err != nil {
			t.Errorf("the render left no %s: %v", out, err)
		}
	}
	if r.Outputs["to-create"] != "1" || r.Outputs["to-rerender"] != "1" || r.Outputs["paid-pending"] != "true" {
		t.Errorf("the render's outputs: %v", r.Outputs)
	}
	if !strings.Contains(r.Summary, "| + | `onboarding/welcome` | create |") {
		t.Errorf("the summary does not list the render's plan:\n%s", r.Summary)
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
		if calls := w.reelCalls(t); len(calls) != 0 {
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

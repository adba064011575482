package cireport_test

import (
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/cireport"
)

func TestComment(t *testing.T) {
	var b strings.Builder
	if err := cireport.Comment(&b, where, examplePlan(), "abc1234"); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if !strings.HasPrefix(got, cireport.Marker+"\n<!-- reel-project: site -->\n") {
		t.Errorf("the comment does not start with its marker:\n%s", got)
	}
	if !strings.Contains(got, "\n### reel in `site`: merging this pull request costs \\$18.00 (18 credits) for ~2:30\n") {
		t.Errorf("the header does not give the cost of merging:\n%s", got)
	}
	// A short change is shown as --diff shows it; a long one is folded.
	if !strings.Contains(got, "\n`shorts/launch`\n```\n"+`scenes[0].script: "Hi, I'm Anna." → "Hello, I'm Anna."  (request: scenes[0].input.script)`+"\n```\n") {
		t.Errorf("the short change is not shown as --diff shows it:\n%s", got)
	}
	if !strings.Contains(got, "<details><summary><code>shorts/recap</code>: 8 changed fields</summary>") {
		t.Errorf("the long change is not folded:\n%s", got)
	}
	golden(t, "comment.golden", got)
}

// TestCommentHeader checks the header a reviewer reads first, for each
// kind of plan.
func TestCommentHeader(t *testing.T) {
	root := cireport.Where{Repo: "/r", Project: "/r"}
	cases := []struct {
		plan cireport.Plan
		want string
	}{
		{cireport.Plan{}, "### reel: nothing to render"},
		{cireport.Plan{Rows: []cireport.Row{{Video: "a", Action: cireport.OK}}}, "### reel: nothing to render"},
		{cireport.Plan{Rows: []cireport.Row{{Video: "a", Action: cireport.Download}}}, "### reel: merging this pull request costs nothing"},
		{cireport.Plan{Rows: []cireport.Row{{Video: "a", Action: cireport.Render}}}, "### reel: merging this pull request costs nothing"},
		{cireport.Plan{Budget: ptr(5), Total: cireport.Cost{USD: 6, Credits: 6, Seconds: 60}, Rows: []cireport.Row{{Video: "a", Action: cireport.Create}}},
			`### reel: merging this pull request costs \$6.00 (6 credits) for ~1:00, over the budget`},
	}
	for _, c := range cases {
		var b strings.Builder
		if err := cireport.Comment(&b, root, c.plan, ""); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		if lines[1] != "<!-- reel-project: . -->" || lines[2] != c.want {
			t.Errorf("%+v: header\n%s\nwant %q", c.plan, strings.Join(lines[:3], "\n"), c.want)
		}
	}
}

// TestCommentLimit checks that a pull request that changes very many
// videos, with long scripts, gets a comment GitHub takes, saying what it
// left out.
func TestCommentLimit(t *testing.T) {
	p := cireport.Plan{}
	script := `"` + strings.Repeat("A long script. ", 400) + `"`
	for i := range 3000 {
		p.Rows = append(p.Rows, cireport.Row{
			Video: "video" + strings.Repeat("x", i%7), Action: cireport.Render, Reason: "changed: scenes[0].script",
			Changes: []cireport.Change{{Field: "scenes[0].script", Old: script, New: script + "!"}},
		})
	}
	var b strings.Builder
	if err := cireport.Comment(&b, where, p, "abc1234"); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	if n := len([]rune(got)); n > cireport.CommentLimit {
		t.Errorf("the comment is %d characters; GitHub takes %d", n, cireport.CommentLimit)
	}
	for _, want := range []string{"more videos not shown: run `reel plan` to list them.", "more videos are not shown: run `reel plan --diff` to see them.", "… (5402 more characters)", "Planned at `abc1234`"} {
		if !strings.Contains(got, want) {
			t.Errorf("the comment does not say %q", want)
		}
	}
}

// TestCommentHostile checks that a video a hostile branch named puts no
// markup, link or mention into the comment: its id and values are code,
// its reason is text.
func TestCommentHostile(t *testing.T) {
	var b strings.Builder
	if err := cireport.Comment(&b, where, examplePlan(), ""); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	for _, bad := range []string{"<img", "[pay](", "](https://", " @octocat", "#12", "\n</details>\"", "**now**"} {
		if strings.Contains(got, bad) {
			t.Errorf("the comment holds %q:\n%s", bad, got)
		}
	}
	if !strings.Contains(got, "| ~ | ``x\\|`@octocat`\\|y`` | render |") {
		t.Errorf("the hostile id is not shown as code:\n%s", got)
	}
}

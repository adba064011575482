package cireport_test

import (
	"flag"
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-dev/reel/internal/cireport"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// golden compares got with testdata/name, or rewrites it with -update.
func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./internal/cireport -update)", err)
	}
	if got != string(want) {
		t.Errorf("%s differs\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// where is a project in the folder site/ of a repository.
var where = cireport.Where{Repo: "/work/repo", Project: "/work/repo/site"}

// examplePlan is a plan with every action, short and long changes, and a
// video whose id and reason a hostile branch wrote.
func examplePlan() cireport.Plan {
	long := make([]cireport.Change, 8)
	for i := range long {
		long[i] = cireport.Change{Field: "scenes[" + string(rune('0'+i)) + "].script", Request: "scenes[" + string(rune('0'+i)) + "].input.script", Old: `"Hi."`, New: `"Hello."`}
	}
	return cireport.Plan{
		Budget: ptr(25),
		Total:  cireport.Cost{USD: 18, Credits: 18, Seconds: 150},
		Rows: []cireport.Row{
			{Video: "onboarding/welcome", Action: cireport.Create, Reason: "new video", Cost: cireport.Cost{USD: 6, Credits: 6, Seconds: 40}},
			{Video: "shorts/launch", Action: cireport.Render, Reason: "changed: scenes[0].script", Cost: cireport.Cost{USD: 6, Credits: 6, Seconds: 60},
				Changes: []cireport.Change{{Field: "scenes[0].script", Request: "scenes[0].input.script", Old: `"Hi, I'm Anna."`, New: `"Hello, I'm Anna."`}}},
			{Video: "shorts/recap", Action: cireport.Render, Reason: "changed: scenes[0].script, scenes[1].script, scenes[2].script and 5 more", Cost: cireport.Cost{USD: 6, Credits: 6, Seconds: 50}, Changes: long},
			{Video: "social/teaser", Action: cireport.Download, Reason: "output missing: fetch it again, free"},
			{Video: "explainer", Action: cireport.OK, Reason: "up to date"},
			{Video: "old/promo", Action: cireport.Orphan, Reason: "in reel.lock, no manifest"},
			{Video: "x|`@octocat`|y", Action: cireport.Render, Reason: "changed: provider_options.<img src=x onerror=alert(1)> @octocat #12 [pay](https://evil.example) **now**",
				Changes: []cireport.Change{{Field: "provider_options.note", Old: `"` + "```" + `\n</details>"`, New: `"@octocat"`}}},
		},
	}
}

func ptr(f float64) *float64 { return &f }

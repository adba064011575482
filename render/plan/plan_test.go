package plan

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// videos loads a project written from files.
func videos(t testing.TB, files map[string]string, provider string) []*manifest.Video {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	p, err := manifest.LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := manifest.Load(p, manifest.Options{Providers: registry.Manifest(), Provider: provider})
	if err != nil || len(set.Errors) > 0 {
		t.Fatalf("%v %v", err, set.Errors)
	}
	return set.Videos
}

const project = "version: 1\ndefaults: {voice: {id: v1}, avatar: {id: a1}}\n"

// done records v as rendered, with an output of the given hash.
func done(v *manifest.Video, sha string) *lock.Entry {
	return &lock.Entry{ID: v.ID, Key: v.Request.Key, State: lock.Done, Provider: v.ProviderName(), Job: "job-" + v.ID,
		Output: v.Output, Size: 100, SHA256: sha, Request: v.Request.KeyJSON()}
}

// disk is a fake Stat: outputs by path.
type disk map[string]Output

func (d disk) stat(rel string) (Output, error) { return d[rel], nil }

func kinds(p *Plan) string {
	var s []string
	for _, a := range p.Actions {
		s = append(s, a.ID+"="+string(a.Kind))
	}
	return strings.Join(s, " ")
}

func TestPlanKinds(t *testing.T) {
	vs := videos(t, map[string]string{
		"reel.yaml":          project,
		"videos/ok.yaml":     "scenes: [{script: Same.}]\n",
		"videos/new.yaml":    "scenes: [{script: Brand new.}]\n",
		"videos/edited.yaml": "scenes: [{script: Edited now.}]\n",
		"videos/gone.yaml":   "scenes: [{script: File deleted.}]\n",
		"videos/moved.yaml":  "output: elsewhere/moved.mp4\nscenes: [{script: Moved.}]\n",
		"videos/wait.yaml":   "scenes: [{script: Waiting.}]\n",
		"videos/back.yaml":   "scenes: [{script: Reverted.}]\n",
	}, "")
	byID := map[string]*manifest.Video{}
	for _, v := range vs {
		byID[v.ID] = v
	}
	l := lock.New()
	for _, id := range []string{"ok", "edited", "gone", "moved", "wait", "back"} {
		l.Videos[id] = done(byID[id], "sha-"+id)
	}
	// edited: the lock holds the render of an earlier script
	old := videos(t, map[string]string{"reel.yaml": project, "videos/edited.yaml": "scenes: [{script: Edited before.}]\n"}, "")[0]
	l.Videos["edited"] = done(old, "sha-edited")
	l.Videos["moved"].Output = "moved.mp4"
	l.Videos["wait"].State = lock.Pending
	// back: currently another render, but this key is in its history
	l.Videos["back"].History = []lock.Render{l.Videos["back"].Render()}
	l.Videos["back"].Key = "0000"
	l.Videos["orphan"] = &lock.Entry{ID: "orphan", Key: "1111", State: lock.Done}
	d := disk{"ok.mp4": {true, 100, "sha-ok"}, "gone.mp4": {}, "edited.mp4": {true, 100, "sha-edited"}}
	p, err := Make(vs, l, NewPrices(nil), d.stat)
	if err != nil {
		t.Fatal(err)
	}
	want := "back=download edited=render gone=download moved=download new=create ok=ok orphan=orphan wait=resume"
	if got := kinds(p); got != want {
		t.Errorf("plan:\n got %s\nwant %s", got, want)
	}
	for _, a := range p.Actions {
		if a.ID == "edited" && (len(a.Changes) != 1 || a.Changes[0].Field != "scenes[0].script" || a.Changes[0].Old != `"Edited before."`) {
			t.Errorf("edited: changes %+v", a.Changes)
		}
		if a.Kind.Paid() != (a.ID == "new" || a.ID == "edited") {
			t.Errorf("%s: paid = %v", a.ID, a.Kind.Paid())
		}
	}
	if !p.Pending() || !p.Paid() {
		t.Errorf("pending %v paid %v", p.Pending(), p.Paid())
	}
}

func TestPlanNothingToDo(t *testing.T) {
	vs := videos(t, map[string]string{"reel.yaml": project, "videos/a.yaml": "scenes: [{script: Hi.}]\n"}, "")
	l := lock.New()
	l.Videos["a"] = done(vs[0], "sha")
	p, err := Make(vs, l, NewPrices(nil), disk{"a.mp4": {true, 100, "sha"}}.stat)
	if err != nil {
		t.Fatal(err)
	}
	if p.Pending() || p.Paid() || p.Total != (Cost{}) {
		t.Errorf("an up-to-date project must plan nothing: %s %+v", kinds(p), p.Total)
	}
}

func TestPlanProviderChangeShowsInDiff(t *testing.T) {
	vs := videos(t, map[string]string{"reel.yaml": project, "videos/a.yaml": "scenes: [{script: Hi.}]\n"}, "")
	l := lock.New()
	l.Videos["a"] = done(vs[0], "sha")
	v2 := videos(t, map[string]string{"reel.yaml": project + "providers: {heygen: {api: v2}}\n", "videos/a.yaml": "scenes: [{script: Hi.}]\n"}, "")
	p, _ := Make(v2, l, NewPrices(nil), disk{}.stat)
	a := p.Actions[0]
	if a.Kind != Render || a.Changes[0].Field != "provider" || a.Changes[0].New != `"heygen/v2"` {
		t.Errorf("switching API re-renders and says why: %+v", a)
	}
}

// A sandbox render of a video's very request is rendered again for real,
// and says why; in the sandbox, a real render of it, done or in flight,
// is left alone (its output and job were paid for), while a failed one
// is rendered in the sandbox.
func TestPlanSandboxAndRealRenders(t *testing.T) {
	files := map[string]string{"reel.yaml": project, "videos/a.yaml": "scenes: [{script: Hi.}]\n"}
	real := videos(t, files, "")
	sandbox := videos(t, files, "sandbox")
	out := disk{"a.mp4": {true, 100, "sha"}}.stat

	l := lock.New()
	l.Videos["a"] = done(sandbox[0], "sha")
	p, _ := Make(real, l, NewPrices(nil), out)
	a := p.Actions[0]
	if a.Kind != Render || a.Reason != SandboxOnly || a.Cost.USD <= 0 || a.Key != real[0].Request.Key ||
		len(a.Changes) != 1 || a.Changes[0].Old != `"sandbox:heygen/v3"` || a.Changes[0].New != `"heygen/v3"` {
		t.Errorf("a sandbox render, planned for real: %+v", a)
	}
	if p, _ := Make(sandbox, l, NewPrices(nil), out); p.Pending() {
		t.Errorf("in the sandbox, its sandbox render is up to date: %s", kinds(p))
	}

	for state, reason := range map[lock.State]string{lock.Done: RealKept, lock.Pending: RealInFlight, lock.Failed: ""} {
		l := lock.New()
		l.Videos["a"] = done(real[0], "sha")
		l.Videos["a"].State = state
		p, _ := Make(sandbox, l, NewPrices(nil), out)
		a := p.Actions[0]
		switch {
		case reason != "" && (a.Kind != OK || a.Reason != reason || p.Pending()):
			t.Errorf("a real render %s, planned in the sandbox: %+v", state, a)
		case reason == "" && (a.Kind != Render || a.Cost.USD != 0 || a.Key != sandbox[0].Request.Key):
			t.Errorf("a failed real render is rendered in the sandbox, free: %+v", a)
		}
		if state == lock.Done {
			// its output missing, the real render is fetched again, free
			p, _ := Make(sandbox, l, NewPrices(nil), disk{}.stat)
			if a := p.Actions[0]; a.Kind != Download || a.Key != real[0].Request.Key || a.From == nil || a.From.Provider != "heygen/v3" {
				t.Errorf("a real render whose output is missing, planned in the sandbox: %+v", a)
			}
		}
		// forced in the sandbox, it is a sandbox render, under the sandbox's key
		p.Force([]string{"a"}, NewPrices(nil))
		if a := p.Actions[0]; a.Kind != Render || a.Key != sandbox[0].Request.Key {
			t.Errorf("a real render %s, forced in the sandbox: %+v", state, a)
		}
	}
}

// script150 is 150 words: one minute at speed 1.
var script150 = strings.TrimSpace(strings.Repeat("word ", 150))

func TestCostEstimates(t *testing.T) {
	for _, c := range []struct {
		name, provider, video string
		secs, usd             float64
	}{
		{"heygen avatar IV, a minute", "heygen", "scenes: [{script: " + script150 + "}]\n", 60, 6},
		{"heygen bills 30 s steps", "heygen", "scenes: [{script: " + script150 + "}, {script: One two.}]\n", 60.8, 9},
		{"heygen bills 40 s as 60 s", "heygen", "voice: {speed: 1.5}\nscenes: [{script: " + script150 + "}]\n", 40, 6},
		{"fal by the second", "fal", "avatar: {image: https://x.test/a.png}\nvoice: {name: Ivy}\nscenes: [{script: " + script150 + "}]\n", 60, 6},
		{"pixeldojo by the video", "pixeldojo", "avatar: {image: https://x.test/a.png}\nvoice: {name: Ivy}\nscenes: [{script: " + script150 + "}]\n", 60, 1.2},
		{"sandbox is free", "sandbox", "scenes: [{script: " + script150 + "}]\n", 60, 0},
	} {
		t.Run(c.name, func(t *testing.T) {
			proj := project
			if c.provider == "fal" || c.provider == "pixeldojo" {
				proj = "version: 1\n"
			}
			v := videos(t, map[string]string{"reel.yaml": proj, "videos/a.yaml": c.video}, c.provider)[0]
			got := NewPrices(nil).Estimate(v)
			if math.Abs(got.Seconds-c.secs) > 0.01 || math.Abs(got.USD-c.usd) > 0.001 {
				t.Errorf("estimate %.2f s $%.3f, want %.2f s $%.3f", got.Seconds, got.USD, c.secs, c.usd)
			}
		})
	}
}

func TestPricingOverrides(t *testing.T) {
	v := videos(t, map[string]string{"reel.yaml": project, "videos/a.yaml": "scenes: [{script: " + script150 + "}]\n"}, "")[0]
	half := 0.5
	got := NewPrices(map[string]manifest.Price{"heygen": {USDPerCredit: &half}}).Estimate(v)
	if got.Credits != 6 || got.USD != 3 {
		t.Errorf("usd_per_credit 0.5: %+v, want 6 credits, $3", got)
	}
}

func TestAudioLengthCounts(t *testing.T) {
	wav, err := os.ReadFile(filepath.Join("..", "..", "examples", "assets", "pricing.wav"))
	if err != nil {
		t.Fatal(err)
	}
	vf := videos(t, map[string]string{"reel.yaml": "version: 1\n", "assets/a.wav": string(wav), "videos/a.yaml": "avatar: {image: ../assets/a.png}\nscenes: [{audio: ../assets/a.wav}]\n", "assets/a.png": "\x89PNG\r\n\x1a\n"}, "fal")[0]
	got := NewPrices(nil).Estimate(vf)
	if math.Abs(got.Seconds-1.5) > 0.01 || math.Abs(got.USD-0.15) > 0.001 || got.Unknown {
		t.Errorf("a 1.5 s WAV on fal: %+v, want 1.5 s, $0.15", got)
	}
}

// TestDiffOfADamagedRequest: a damaged or lost request is reported as not
// kept, never a crash.
func TestDiffOfADamagedRequest(t *testing.T) {
	v := videos(t, map[string]string{"reel.yaml": project, "videos/a.yaml": "scenes: [{script: Hi.}]\n"}, "")[0]
	e := done(v, "sha")
	e.Key = "old"
	for _, req := range []string{`{"scenes":[`, ""} {
		cs := Diff(e, []byte(req), v)
		if len(cs) != 1 || !strings.Contains(cs[0].Field, "not kept") {
			t.Errorf("request %q: %+v, want one change saying the request is not kept", req, cs)
		}
	}
}

// TestSpends: a plan spends money when a paid render's estimate is above
// zero or cannot be known; renders in the sandbox cost nothing, even of a
// video whose length is unknown, as the sandbox's price is by the video.
func TestSpends(t *testing.T) {
	files := map[string]string{
		"reel.yaml":        project,
		"videos/said.yaml": "scenes: [{script: Hi.}]\n",
	}
	heard := map[string]string{
		"reel.yaml":         project,
		"videos/heard.yaml": "scenes: [{audio: https://example.com/pricing.mp3}]\n",
	}
	for _, c := range []struct {
		name     string
		files    map[string]string
		provider string
		want     bool
	}{
		{"heygen", files, "heygen", true},
		{"sandbox", files, "sandbox", false},
		{"heygen, length unknown", heard, "heygen", true},
		{"sandbox, length unknown", heard, "sandbox", false},
	} {
		p, err := Make(videos(t, c.files, c.provider), lock.New(), NewPrices(nil), disk{}.stat)
		if err != nil {
			t.Fatal(err)
		}
		if got := HeadOf(p).Spends(); got != c.want {
			t.Errorf("%s: Spends() = %v; want %v (total %+v)", c.name, got, c.want, p.Total)
		}
	}
}

package watch

import (
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
)

// project is a writable copy of the examples (sources only) and a session
// on it, with the sandbox as every video's provider.
type project struct {
	t     *testing.T
	root  string
	s     *Session
	first *Update // the session's first plan
}

func newProject(t *testing.T) *project {
	t.Helper()
	root := copyExamples(t)
	s, err := Open(root, SessionOptions{Provider: "sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.First()
	if err != nil || len(u.Errors) > 0 || len(u.Actions) != 4 {
		t.Fatalf("first plan: %v, %d actions, errors %v", err, len(u.Actions), u.Errors)
	}
	return &project{t: t, root: root, s: s, first: u}
}

// copyExamples makes a writable copy of the examples' sources.
func copyExamples(t *testing.T) string {
	t.Helper()
	root := t.TempDir()
	from := filepath.Join("..", "..", "examples")
	err := filepath.WalkDir(from, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(from, path)
		switch {
		case rel == "out" || rel == lock.FileName:
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		case d.IsDir():
			return os.MkdirAll(filepath.Join(root, rel), 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(root, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return root
}

func (p *project) abs(rel string) string { return filepath.Join(p.root, filepath.FromSlash(rel)) }

func (p *project) write(rel, content string) string {
	p.t.Helper()
	os.MkdirAll(filepath.Dir(p.abs(rel)), 0o755)
	if err := os.WriteFile(p.abs(rel), []byte(content), 0o644); err != nil {
		p.t.Fatal(err)
	}
	return p.abs(rel)
}

func (p *project) edit(rel, old, new string) string {
	p.t.Helper()
	data, err := os.ReadFile(p.abs(rel))
	if err != nil || !strings.Contains(string(data), old) {
		p.t.Fatalf("%s: %v, or no %q in it", rel, err, old)
	}
	return p.write(rel, strings.Replace(string(data), old, new, 1))
}

// apply applies a batch and describes the update: "id:kind ..." of its
// actions, "-id" of removed ones, and its errors.
func (p *project) apply(b Batch) (*Update, string) {
	p.t.Helper()
	u, err := p.s.Apply(b)
	if err != nil {
		p.t.Fatal(err)
	}
	if u == nil {
		return nil, "nil"
	}
	var parts []string
	for _, a := range u.Actions {
		parts = append(parts, a.ID+":"+string(a.Kind))
	}
	for _, id := range u.Removed {
		parts = append(parts, "-"+id)
	}
	for _, e := range u.Errors {
		parts = append(parts, e.Format(p.root))
	}
	return u, strings.Join(parts, " ")
}

func (p *project) expect(b Batch, want string) *Update {
	p.t.Helper()
	u, got := p.apply(b)
	if got != want {
		p.t.Errorf("update\n  %s\nwant\n  %s", got, want)
	}
	return u
}

func TestSessionReloadsWhatChanged(t *testing.T) {
	p := newProject(t)
	// one manifest: its video only
	u := p.expect(Batch{Changed: []string{p.edit("videos/explainer.yaml", "Hi, I'm", "Hello, I'm")}}, "explainer:create")
	if Summary(u) != "Plan: 4 to create. Estimated cost: $0.00 for ~0:27." {
		t.Errorf("summary %q", Summary(u))
	}
	// an asset: every video using it, and only those
	p.expect(Batch{Changed: []string{p.write("assets/portrait.png", pngOf(t, p, "assets/backdrop.png"))}},
		"shorts/launch:create shorts/launch@es:create social/teaser:create")
	// a file nothing uses: nothing
	p.expect(Batch{Changed: []string{p.write("README.md", "notes")}}, "nil")
	// a new folder with a new manifest, then a manifest removed
	p.expect(Batch{Changed: []string{p.write("videos/new/clip.yaml", clip)}}, "new/clip:create")
	os.Remove(p.abs("videos/new/clip.yaml"))
	p.expect(Batch{Removed: []string{p.abs("videos/new/clip.yaml")}}, "-new/clip")
	// a variant dropped from its manifest
	data, _ := os.ReadFile(p.abs("videos/shorts/launch.yaml"))
	base, _, _ := strings.Cut(string(data), "variants:")
	p.expect(Batch{Changed: []string{p.write("videos/shorts/launch.yaml", base)}}, "shorts/launch:create -shorts/launch@es")
}

const clip = "title: Clip\navatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Hello there.}]\n"

func pngOf(t *testing.T, p *project, rel string) string {
	data, err := os.ReadFile(p.abs(rel))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// A manifest saved with a mistake reports it where it is and keeps its last
// good videos in the plan; fixed, the error goes.
func TestSessionKeepsLastGoodVideos(t *testing.T) {
	p := newProject(t)
	path := p.edit("videos/explainer.yaml", "  - script: >-", "  - scrpit: >-")
	u := p.expect(Batch{Changed: []string{path}}, `videos/explainer.yaml:8:5: scenes[0].scrpit: unknown field; did you mean "script"?`)
	if got := Summary(u); got != "Plan: 4 to create. Estimated cost: $0.00 for ~0:27. 1 error in 1 file." {
		t.Errorf("summary %q", got)
	}
	p.edit("videos/explainer.yaml", "  - scrpit: >-", "  - script: >-")
	u = p.expect(Batch{Changed: []string{path}}, "explainer:create")
	if u.ErrorCount != 0 {
		t.Errorf("%d errors left after the fix", u.ErrorCount)
	}
}

// An asset a manifest names but that is missing: creating it reloads the
// broken manifest, which nothing else links to the new file.
func TestSessionMissingAssetArrives(t *testing.T) {
	p := newProject(t)
	p.expect(Batch{Changed: []string{p.write("videos/new/clip.yaml", clip+"background: {image: ../../assets/bg.png}\n")}},
		"videos/new/clip.yaml:4:21: background.image: ../../assets/bg.png: no such file (paths are relative to the file that names them)")
	p.expect(Batch{Changed: []string{p.write("assets/bg.png", pngOf(t, p, "assets/backdrop.png"))}}, "new/clip:create")
}

// reel.yaml changes reload everything and list what moved; broken, it
// keeps the last good settings.
func TestSessionProjectFile(t *testing.T) {
	p := newProject(t)
	file := p.abs("reel.yaml")
	u := p.expect(Batch{Changed: []string{p.edit("reel.yaml", "speed: 1.0", "speed: 1.2")}}, "explainer:create shorts/launch:create shorts/launch@es:create")
	if !u.Full {
		t.Errorf("a reel.yaml change is not a full reload")
	}
	p.edit("reel.yaml", "version: 1", "version: 1\nbogus: true")
	u = p.expect(Batch{Changed: []string{file}}, `reel.yaml:5:1: bogus: unknown field; known fields are avatars, budget, defaults, include, output_dir, pricing, provider, providers, sandbox, store, version`)
	if u.ErrorCount != 1 || Summary(u) != "Plan: 4 to create. Estimated cost: $0.00 for ~0:24. 1 error in 1 file." {
		t.Errorf("summary %q", Summary(u))
	}
	u = p.expect(Batch{Changed: []string{p.edit("videos/explainer.yaml", "Hi, I'm", "Hey, I'm")}}, "explainer:create")
	if u.ErrorCount != 1 {
		t.Errorf("reel.yaml's error is forgotten after another save: %d errors", u.ErrorCount)
	}
	p.edit("reel.yaml", "\nbogus: true", "")
	u = p.expect(Batch{Changed: []string{file}}, "")
	if u.ErrorCount != 0 {
		t.Errorf("errors %d after the fix", u.ErrorCount)
	}
}

// A render elsewhere (another reel) moves reel.lock: the next re-plan sees
// it, and a video whose manifest was removed is then an orphan.
func TestSessionFollowsTheLock(t *testing.T) {
	p := newProject(t)
	var key string
	for _, a := range p.s.plans.All() {
		if a.ID == "explainer" {
			key = a.Key
		}
	}
	_, err := lock.Update(p.abs(lock.FileName), func(l *lock.Lock) error {
		l.Set(&lock.Entry{ID: "explainer", Key: key, State: lock.Pending, Provider: "sandbox", Job: "j1", Output: "explainer.mp4"})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	u := p.expect(Batch{Changed: []string{p.edit("videos/shorts/launch.yaml", "Faster", "Quicker")}}, "shorts/launch:create shorts/launch@es:create")
	if got := u.Plan.Counts(); got[plan.Resume] != 1 || got[plan.Create] != 3 {
		t.Errorf("counts after another reel's render began: %v", got)
	}
	os.Remove(p.abs("videos/explainer.yaml"))
	u = p.expect(Batch{Removed: []string{p.abs("videos/explainer.yaml")}}, "explainer:orphan")
	if got := u.Plan.Counts(); got[plan.Orphan] != 1 {
		t.Errorf("counts: %v", got)
	}
}

// Two manifests making one video id: an error, as reel validate says.
func TestSessionClashes(t *testing.T) {
	p := newProject(t)
	p.edit("reel.yaml", `include: ["videos/**/*.yaml"]`, `include: ["videos/**/*.yaml", "videos/**/*.yml"]`)
	p.expect(Batch{Changed: []string{p.abs("reel.yaml")}}, "")
	_, got := p.apply(Batch{Changed: []string{p.write("videos/explainer.yml", clip)}})
	if !strings.Contains(got, `video id "explainer" is also the id of videos/explainer.yaml`) {
		t.Errorf("no clash reported: %s", got)
	}
}

func TestSessionOnlyWatchesWhatWasAskedFor(t *testing.T) {
	p := newProject(t)
	s, err := Open(p.root, SessionOptions{Provider: "sandbox", Only: func(f manifest.ManifestFile) bool { return strings.HasPrefix(f.ID, "shorts/") }})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.First()
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range u.Actions {
		ids = append(ids, a.ID)
	}
	sort.Strings(ids)
	if strings.Join(ids, " ") != "shorts/launch shorts/launch@es" {
		t.Errorf("ids %v", ids)
	}
	p.s = s
	p.expect(Batch{Changed: []string{p.edit("videos/explainer.yaml", "Hi", "Hey")}}, "nil")
}

// TestSessionRefusesClashingOutputs: a save that makes an output clash
// with another video's (written in it, the folder of it, one file with it
// but for Unicode normalization) shows the error, naming both videos,
// whichever of the two manifests was saved, and plans neither: nothing of
// theirs is rendered until it is fixed, and then both are planned again.
func TestSessionRefusesClashingOutputs(t *testing.T) {
	p := newProject(t)
	const explainerAt = `"explainer" (videos/explainer.yaml:3:1)`
	inside := p.write("videos/inside.yaml", clip+"output: explainer.mp4/inside.mp4\n")
	p.expect(Batch{Changed: []string{inside}}, `videos/inside.yaml:4:9: output: "explainer.mp4/inside.mp4" is written in the folder "explainer.mp4", which is the output of video `+explainerAt+`: a path cannot be both a file and a folder; give one of them another output`)
	if _, ok := p.s.plans.Action("inside"); ok {
		t.Errorf("a clashing video was planned")
	}
	p.expect(Batch{Changed: []string{p.edit("videos/inside.yaml", "explainer.mp4/inside.mp4", "inside.mp4")}}, "inside:create")

	// the other side saved: the error is the unsaved manifest's, shown all the same
	box := p.write("videos/box.yaml", clip+"output: box.mp4/in.mp4\n")
	p.expect(Batch{Changed: []string{box}}, "box:create")
	p.expect(Batch{Changed: []string{p.edit("videos/explainer.yaml", "captions: sidecar", "captions: sidecar\noutput: box.mp4")}},
		`videos/box.yaml:4:9: output: "box.mp4/in.mp4" is written in the folder "box.mp4", which is the output of video "explainer" (videos/explainer.yaml:7:9): a path cannot be both a file and a folder; give one of them another output`)
	u := p.expect(Batch{Changed: []string{p.edit("videos/explainer.yaml", "output: box.mp4", "output: boxed.mp4")}}, "explainer:create")
	if u.ErrorCount != 0 {
		t.Errorf("%d errors after the fix", u.ErrorCount)
	}

	nfc := p.write("videos/a.yaml", clip+"output: \"caf\u00e9.mp4\"\n")
	p.expect(Batch{Changed: []string{nfc}}, "a:create")
	nfd := p.write("videos/b.yaml", clip+"output: \"cafe\u0301.mp4\"\n")
	p.expect(Batch{Changed: []string{nfd}}, "videos/b.yaml:4:9: output: \"cafe\u0301.mp4\" "+`("cafe\u0301.mp4") differs only in Unicode normalization from "caf\u00e9.mp4" (an accent written as part of its letter or after it: one file on macOS), the output of video "a" (videos/a.yaml:4:9): give one of them another output`)
	if _, ok := p.s.plans.Action("b"); ok {
		t.Errorf("a clashing video was planned")
	}
	os.Remove(nfd)
	p.expect(Batch{Removed: []string{nfd}}, "-b")
	if a, _ := p.s.plans.Action("a"); a.Video == nil || a.Video.Output != "caf\u00e9.mp4" {
		t.Errorf("the video left alone lost its action: %+v", a)
	}
}

// TestSessionIDClashUndone: two manifests making one id; removing one
// plans the other again instead of forgetting the id they shared.
func TestSessionIDClashUndone(t *testing.T) {
	p := newProject(t)
	p.edit("reel.yaml", `include: ["videos/**/*.yaml"]`, `include: ["videos/**/*.yaml", "videos/**/*.yml"]`)
	p.expect(Batch{Changed: []string{p.abs("reel.yaml")}}, "")
	yml := p.write("videos/explainer.yml", clip)
	p.apply(Batch{Changed: []string{yml}})
	if a, _ := p.s.plans.Action("explainer"); a.Video == nil || a.Video.File != p.abs("videos/explainer.yaml") {
		t.Errorf("the new manifest's video took the id two manifests make: %+v", a.Video)
	}
	os.Remove(yml)
	p.expect(Batch{Removed: []string{yml}}, "")
	if a, _ := p.s.plans.Action("explainer"); a.Video == nil || a.Video.File != p.abs("videos/explainer.yaml") {
		t.Errorf("the video left alone lost its action: %+v", a.Video)
	}
}

// TestSessionStartsWithAClash: two videos found clashing when watch starts
// are reported and not planned; fixing one plans both.
func TestSessionStartsWithAClash(t *testing.T) {
	p := newProject(t)
	p.write("videos/inside.yaml", clip+"output: explainer.mp4/inside.mp4\n")
	s, err := Open(p.root, SessionOptions{Provider: "sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.First()
	if err != nil {
		t.Fatal(err)
	}
	if u.ErrorCount != 1 || len(u.Errors) != 1 || !strings.Contains(u.Errors[0].Msg, `is written in the folder "explainer.mp4"`) {
		t.Errorf("first update's errors: %d %v", u.ErrorCount, u.Errors)
	}
	for _, a := range u.Actions {
		if a.ID == "explainer" || a.ID == "inside" {
			t.Errorf("%s planned while its output clashes", a.ID)
		}
	}
	p.s = s
	p.expect(Batch{Changed: []string{p.edit("videos/inside.yaml", "explainer.mp4/inside.mp4", "inside.mp4")}}, "explainer:create inside:create")
}

// TestSessionManifestMovedToAnotherInclude: a manifest moved between two
// include globs keeps its id (the path below the glob's fixed folder); in
// one batch, the id the old path made and the new one makes is planned as
// the new manifest says, not forgotten.
func TestSessionManifestMovedToAnotherInclude(t *testing.T) {
	p := newProject(t)
	p.edit("reel.yaml", `include: ["videos/**/*.yaml"]`, `include: ["videos/**/*.yaml", "drafts/**/*.yaml"]`)
	p.expect(Batch{Changed: []string{p.abs("reel.yaml")}}, "")
	draft := p.write("drafts/clip.yaml", clip)
	p.expect(Batch{Changed: []string{draft}}, "clip:create")
	if err := os.Rename(draft, p.abs("videos/clip.yaml")); err != nil {
		t.Fatal(err)
	}
	u := p.expect(Batch{Changed: []string{p.abs("videos/clip.yaml")}, Removed: []string{draft}}, "clip:create")
	if a, ok := p.s.plans.Action("clip"); !ok || a.Video == nil || a.Video.File != p.abs("videos/clip.yaml") {
		t.Errorf("the moved manifest's video is not planned from its new path: %+v", a.Video)
	}
	if got := u.Plan.Counts()[plan.Create]; got != 5 {
		t.Errorf("the plan counts %d to create, want the 4 examples and the moved clip", got)
	}
}

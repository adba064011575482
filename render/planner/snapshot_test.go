package planner

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/snapshot"
)

// plan is the project's plan as reel plan makes it: from the snapshot,
// else in full.
func (p *project) plan() string {
	p.t.Helper()
	out, _, need := p.fromSnapshot()
	if need != nil {
		return p.full()
	}
	return out
}

// TestSnapshotPlanEqualsFullPlan: the plan read from the snapshot is
// exactly the full plan, and any change to an input sends the next plan
// down the path it calls for: a manifest edited is re-planned; a manifest
// added in a new folder, an output deleted or reel.yaml edited needs a
// full plan, each for its own reason.
func TestSnapshotPlanEqualsFullPlan(t *testing.T) {
	p := newProject(t, 40, 3)
	if _, _, need := p.fromSnapshot(); need == nil || need.Reason != NoSnapshot {
		t.Fatalf("the first plan: %v, want no snapshot", need)
	}
	full := p.full()
	fast, form, need := p.fromSnapshot()
	unchanged.check(t, "the second plan", fast, form, need)
	if fast != full {
		t.Fatalf("the snapshot's plan differs:\nfull:\n%s\nsnapshot:\n%s", full, fast)
	}
	if c, err := p.pl.FromSnapshot(); err != nil || c.Head.Summary() != "Plan: 40 up to date. Nothing to pay." {
		t.Fatalf("no-op: %v %+v", err, c)
	}

	changes := []struct {
		name   string
		change func()
		want   expect
		path   string // the changed input named
		action string // in the plan after it
	}{
		{"a manifest edited in place", func() {
			edit(t, p.path("videos/invoices/en/youtube-000/v00000.yaml"), "20220820", "20220821")
		}, replanned, "", "~ render   invoices/en/youtube-000/v00000 "},
		{"a manifest added in a new folder", func() {
			write(t, p.path("videos/new/clip.yaml"), "avatar: {id: a}\nscenes: [{script: New.}]\n")
		}, needs(ManifestsChanged), p.path("videos"), "+ create   new/clip"},
		{"an output deleted", func() {
			os.Remove(p.path("out/invoices/en/youtube-000/v00001.mp4"))
		}, needs(InputChanged), p.path("out/invoices/en/youtube-000/v00001.mp4"), "↓ download invoices/en/youtube-000/v00001"},
		{"reel.yaml edited", func() {
			edit(t, p.path("reel.yaml"), "#0A2540", "#0A2541")
		}, needs(ProjectChanged), p.path("reel.yaml"), "to re-render"},
		{"a video forgotten from reel.lock", func() {
			if _, err := lock.Update(p.path("reel.lock"), func(l *lock.Lock) error {
				delete(l.Videos, "invoices/en/youtube-000/v00002")
				return nil
			}); err != nil {
				t.Fatal(err)
			}
		}, needs(LockChanged), p.path("reel.lock"), "+ create   invoices/en/youtube-000/v00002"},
	}
	for _, c := range changes {
		c.change()
		out, form, need := p.fromSnapshot()
		c.want.check(t, c.name, out, form, need)
		if need != nil && need.Path != c.path {
			t.Errorf("%s: the changed input named is %s, want %s", c.name, need.Path, c.path)
		}
		if got := p.plan(); !strings.Contains(got, c.action) {
			t.Errorf("%s: plan lacks %q:\n%s", c.name, c.action, got)
		}
		age(t, p.dir, time.Hour)
		p.plan() // a fresh snapshot of the new state
	}
}

// TestSnapshotIgnoresTouchedFiles: a checkout that rewrites every file
// with the same content changes mtimes only: the plan is read from the
// snapshot, its touched files confirmed by content; an edit of the same
// size under an old mtime is not taken for a touch.
func TestSnapshotIgnoresTouchedFiles(t *testing.T) {
	p := newProject(t, 20, 4)
	p.full()
	age(t, p.dir, 30*time.Minute) // every mtime moves; no content does
	c, err := p.pl.FromSnapshot()
	if err != nil || c.Form != Touched || c.Head.Summary() != "Plan: 20 up to date. Nothing to pay." {
		t.Fatalf("touched tree: %v %+v", err, c)
	}
	edit(t, p.path("reel.yaml"), "#0A2540", "#0A2541")
	age(t, p.dir, 10*time.Minute)
	out, form, need := p.fromSnapshot()
	needs(ProjectChanged).check(t, "an edit hidden by an old mtime", out, form, need)
	if out := p.full(); !strings.Contains(out, "to re-render") {
		t.Errorf("an edit hidden by an old mtime was missed:\n%s", out)
	}
}

// TestProjectFileSavedByRename: saving reel.yaml by rename changes the
// project root's mtime just before the plan that follows; that plan is
// full (reel.yaml changed), and the one after it is read from the
// snapshot, which holds the root's listing as the load saw it.
func TestProjectFileSavedByRename(t *testing.T) {
	p := newProject(t, 20, 6)
	p.full()
	path := p.path("reel.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path+".swp", string(data)+"# a comment\n")
	if err := os.Rename(path+".swp", path); err != nil {
		t.Fatal(err)
	}
	out, form, need := p.fromSnapshot()
	if needs(ProjectChanged).check(t, "after the save", out, form, need); need != nil && need.Path != path {
		t.Errorf("the changed input named is %s, want reel.yaml", need.Path)
	}
	p.full()
	out, form, need = p.fromSnapshot()
	unchanged.check(t, "the plan after", out, form, need)
}

// TestSecondPlanOfANewProjectIsFresh: the first plan of a project creates
// reel's cache folder in its root; the plan after it still reads the
// snapshot, rather than taking the new folder for a change.
func TestSecondPlanOfANewProjectIsFresh(t *testing.T) {
	p := newProject(t, 5, 7)
	for _, name := range []string{".reel", "out", "reel.lock"} { // a project never planned
		if err := os.RemoveAll(p.path(name)); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p.dir, hourAgo, hourAgo); err != nil { // age() would make .reel
		t.Fatal(err)
	}
	out, form, need := p.fromSnapshot()
	needs(NoSnapshot).check(t, "the first plan", out, form, need)
	p.full()
	out, form, need = p.fromSnapshot()
	unchanged.check(t, "the second plan", out, form, need)
}

// TestOtherFlagsNeedAFullPlan: a snapshot saved under other --provider or
// --sandbox flags, or by another build, is not read: its plan may differ.
func TestOtherFlagsNeedAFullPlan(t *testing.T) {
	p := newProject(t, 5, 9)
	p.full()
	sandbox := false
	other := New(p.dir, Options{Sandbox: &sandbox})
	if _, err := other.FromSnapshot(); !isReason(err, OtherStamp) {
		t.Fatalf("--sandbox=false: %v, want %v", err, OtherStamp)
	}
	if _, _, err := other.Full(nil); err != nil {
		t.Fatal(err)
	}
	if _, err := other.FromSnapshot(); err != nil {
		t.Fatalf("--sandbox=false again: %v", err)
	}
	if _, err := p.pl.FromSnapshot(); !isReason(err, OtherStamp) {
		t.Fatalf("without the flag again: %v, want %v", err, OtherStamp)
	}
}

// TestDamagedSnapshotNeedsAFullPlan: a snapshot that does not read is no
// snapshot; a full plan writes it anew.
func TestDamagedSnapshotNeedsAFullPlan(t *testing.T) {
	p := newProject(t, 5, 10)
	p.full()
	path := snapshot.Path(p.dir)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, string(data[:len(data)/2]))
	if _, err := p.pl.FromSnapshot(); !isReason(err, NoSnapshot) {
		t.Fatalf("a snapshot cut in half: %v, want %v", err, NoSnapshot)
	}
	p.full()
	if _, err := p.pl.FromSnapshot(); err != nil {
		t.Fatalf("after a full plan: %v", err)
	}
}

// TestDamagedActionsNeedAFullPlan: a no-op reads the snapshot's files and
// head, not its actions; a plan that lists actions reads them, and when
// they do not read, it is planned in full, never printed from them.
func TestDamagedActionsNeedAFullPlan(t *testing.T) {
	p := newProject(t, 5, 12)
	if err := os.Remove(p.path(lock.FileName)); err != nil {
		t.Fatal(err)
	}
	age(t, p.dir, time.Hour)
	want := p.full() // five to create
	path := snapshot.Path(p.dir)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	at := strings.Index(string(data), "\na\t") + 3
	data[at] ^= 1 // a byte of the first action's id
	write(t, path, string(data))
	if _, err := p.pl.FromSnapshot(); !isReason(err, Damaged) {
		t.Fatalf("actions damaged, five to list: %v, want %v", err, Damaged)
	}
	if got := p.plan(); got != want {
		t.Fatalf("the plan after the damage:\n%s\nwant:\n%s", got, want)
	}
}

// TestUnindexedKeysNeedAFullPlan: an edit that would be a paid render is
// re-planned only if the index of the lock's rendered keys says the key
// was not rendered under another video; without the index, a full plan
// decides, never a guess that pays for a free download.
func TestUnindexedKeysNeedAFullPlan(t *testing.T) {
	p := newProject(t, 5, 11)
	p.full()
	if err := os.Remove(snapshot.KeysPath(p.dir)); err != nil {
		t.Fatal(err)
	}
	edit(t, p.path("videos/invoices/en/youtube-000/v00000.yaml"), "script: >-\n      ", "script: >-\n      Now ")
	out, form, need := p.fromSnapshot()
	needs(KeysUnindexed).check(t, "no index", out, form, need)
	if out := p.full(); !strings.Contains(out, "~ render   invoices/en/youtube-000/v00000 ") {
		t.Errorf("the full plan:\n%s", out)
	}
}

// TestPartialPlan: a plan of some manifests lists their videos alone,
// calls no video an orphan, and leaves the snapshot of the whole project
// as it was.
func TestPartialPlan(t *testing.T) {
	p := newProject(t, 5, 12)
	only := p.path("videos/invoices/en/youtube-000/v00001.yaml")
	set, pl, err := p.pl.Full(oneFile(only))
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, a := range pl.Actions {
		ids = append(ids, a.ID+" "+string(a.Kind))
	}
	if want := []string{"invoices/en/youtube-000/v00001 ok"}; !slices.Equal(ids, want) || len(set.Videos) != 1 {
		t.Fatalf("the plan of %s: %v, want %v", only, ids, want)
	}
	if _, err := p.pl.FromSnapshot(); !isReason(err, NoSnapshot) {
		t.Fatalf("a partial plan saved a snapshot: %v", err)
	}
}

// oneFile selects one manifest.
type oneFile string

func (f oneFile) File(m manifest.ManifestFile) bool { return m.Path == string(f) }
func (f oneFile) Narrow(*manifest.Set) error        { return nil }

// TestGCHook: the planner asks for each phase through the hook and puts
// back every setting it asked for: reading the snapshot, loading, and a
// re-plan of more than a few edited manifests, which loads like a load.
func TestGCHook(t *testing.T) {
	p := newProject(t, replanFew+2, 13)
	var phases []Phase
	open := 0
	p.pl.opt.GC = func(ph Phase) func() {
		phases, open = append(phases, ph), open+1
		return func() { open-- }
	}
	step := func(name string, do func(), want ...Phase) {
		t.Helper()
		phases = nil
		if do(); !slices.Equal(phases, want) || open != 0 {
			t.Errorf("%s: phases %v (%d left set), want %v", name, phases, open, want)
		}
	}
	step("a full plan", func() { p.full() }, Loading)
	step("from the snapshot", func() { p.plan() }, ReadingSnapshot)
	step("many edits", func() {
		for _, path := range p.manifests()[:replanFew+1] {
			edit(t, path, "script: >-\n      ", "script: >-\n      Now ")
		}
		if out, form, need := p.fromSnapshot(); need != nil || form != Replanned {
			t.Fatalf("many edits: form %d, %v\n%s", form, need, out)
		}
	}, ReadingSnapshot, Loading)
}

// manifests lists the project's manifests.
func (p *project) manifests() []string {
	var paths []string
	filepath.WalkDir(p.path("videos"), func(path string, d fs.DirEntry, err error) error {
		if err == nil && strings.HasSuffix(path, ".yaml") {
			paths = append(paths, path)
		}
		return err
	})
	return paths
}

// isReason reports whether err is a *NeedFull for r.
func isReason(err error, r Reason) bool {
	var need *NeedFull
	return errors.As(err, &need) && need.Reason == r
}

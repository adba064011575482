package planner

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// expect is the form a plan from the snapshot should take: re-planned, or
// read as it is (fresh, or touched files confirmed by content), or not
// given at all for a reason.
type expect struct {
	form   Form   // Replanned or Fresh (which takes Touched too); 0 when a full plan is needed
	reason Reason // why a full plan is needed
	detail string // and what of the input, when it says
	errs   bool   // re-planned, the edited manifests have errors
}

var (
	replanned = expect{form: Replanned}
	unchanged = expect{form: Fresh}
	withErrs  = expect{form: Replanned, errs: true}
)

func needs(r Reason) expect { return expect{reason: r} }

func needsFor(r Reason, detail string) expect { return expect{reason: r, detail: detail} }

// check compares what fromSnapshot gave with e.
func (e expect) check(t *testing.T, name, out string, form Form, need *NeedFull) {
	t.Helper()
	switch {
	case e.reason != 0 && (need == nil || need.Reason != e.reason):
		t.Errorf("%s: want a full plan because %v; got form %d, reason %v", name, e.reason, form, need)
	case e.reason != 0 && e.detail != "" && need.Detail != e.detail:
		t.Errorf("%s: %v: the detail is %q, want %q", name, e.reason, need.Detail, e.detail)
	case e.reason != 0:
	case need != nil:
		t.Errorf("%s: want form %d from the snapshot; a full plan was needed: %v", name, e.form, need)
	case e.form == Fresh && form != Fresh && form != Touched, e.form == Replanned && form != Replanned:
		t.Errorf("%s: form %d, want %d", name, form, e.form)
	case e.errs != strings.HasPrefix(out, "errors:"):
		t.Errorf("%s: errors %v, want %v:\n%s", name, !e.errs, e.errs, out)
	}
}

// TestEditedManifestsReplanLikeAFullPlan: after each kind of edit, the
// plan made from the snapshot by re-planning only the edited manifests is
// exactly the plan of every manifest (its listing, its --all and --json
// forms, the errors); the snapshot it leaves gives the same plan again;
// and each edit a re-plan cannot tell from its own manifests needs a full
// plan, for its own reason.
func TestEditedManifestsReplanLikeAFullPlan(t *testing.T) {
	p := newProject(t, 30, 5)
	one := p.path("videos/invoices/en/youtube-000/v00001.yaml")
	two := p.path("videos/invoices/en/youtube-000/v00002.yaml")
	p.full()

	edits := []struct {
		name   string
		change func()
		want   expect
	}{
		{"a script edited", func() {
			edit(t, one, "#1\n", "#1\n# a comment\n")
			edit(t, one, "script: >-\n      ", "script: >-\n      Now ")
		}, replanned},
		{"a comment added", func() { edit(t, two, "#2\n", "#2\n# only a comment\n") }, replanned},
		{"a variant added", func() { appendTo(t, two, "variants:\n  es: {voice: {id: 1bd001e7e50f421d891986aad5158bc8}}\n") }, replanned},
		{"two manifests edited", func() { edit(t, one, "Now ", "Then "); edit(t, two, "  es:", "  de:") }, replanned},
		{"the variant removed", func() { edit(t, two, "variants:\n  de: {voice: {id: 1bd001e7e50f421d891986aad5158bc8}}\n", "") }, replanned},
		{"an error made", func() { edit(t, one, "captions: sidecar", "captions: sidecars\nscenes2: 1") }, withErrs},
		{"the error fixed", func() { edit(t, one, "captions: sidecars\nscenes2: 1", "captions: sidecar") }, unchanged}, // the content the snapshot read
		{"an output taken from another video", func() {
			appendTo(t, one, "output: invoices/en/youtube-000/v00000.mp4\n")
		}, needsFor(Clash, "output invoices/en/youtube-000/v00000.mp4")},
		{"the output given back", func() { edit(t, one, "output: invoices/en/youtube-000/v00000.mp4\n", "") }, unchanged},
		{"a script edited again", func() { edit(t, one, "Then ", "Later ") }, replanned},
		{"a manifest made a copy of another", func() { // its key was paid for by v00003: a free download
			data, err := os.ReadFile(filepath.Join(filepath.Dir(one), "v00003.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			write(t, one, string(data))
		}, needsFor(RenderedElsewhere, "invoices/en/youtube-000/v00001")},
		{"a manifest named like a variant of another", func() {
			write(t, strings.TrimSuffix(two, ".yaml")+"@es.yaml", "avatar: {id: a}\nscenes: [{script: Hola.}]\noutput: invoices/en/youtube-000/hola.mp4\n")
		}, needs(ManifestsChanged)},
		{"the other edited", func() { edit(t, two, "#2\n", "#2\n# edited beside its namesake\n") }, needs(VariantNamed)}, // their ids could meet
		{"a new manifest", func() {
			write(t, filepath.Join(filepath.Dir(one), "new.yaml"), "avatar: {id: a}\nscenes: [{script: New.}]\n")
		}, needs(ManifestsChanged)},
	}
	for _, ed := range edits {
		ed.change()
		got, form, need := p.fromSnapshot()
		ed.want.check(t, ed.name, got, form, need)
		if need != nil {
			got = p.full() // as reel plan does
		}
		// the snapshot it leaves (patched by the re-plan, or saved anew by
		// a full plan without errors) gives the plan again
		again, _, needAgain := p.fromSnapshot()
		full := p.full()
		if needAgain != nil && !strings.HasPrefix(full, "errors:") {
			t.Errorf("%s: the snapshot left does not give the plan again: %v", ed.name, needAgain)
		}
		if needAgain != nil {
			again = full // as reel plan does
		}
		if got != full {
			t.Errorf("%s: the plan from the snapshot:\n%s\nfull:\n%s", ed.name, got, full)
		}
		if again != full {
			t.Errorf("%s: the plan from the snapshot, read again:\n%s\nfull:\n%s", ed.name, again, full)
		}
		age(t, p.dir, time.Hour)
	}
}

// TestSavesInQuickSuccession: an editor that saves by rename changes the
// folder's mtime each time; plans right after each save still re-plan only
// the edited manifest, even after a full plan (the first) that saw the
// folder just modified: the snapshot keeps the listing the plan saw.
func TestSavesInQuickSuccession(t *testing.T) {
	p := newProject(t, 20, 6)
	p.full()
	path := p.path("videos/invoices/en/youtube-000/v00003.yaml")
	for i := range 3 {
		data, _ := os.ReadFile(path)
		tmp := path + ".swp"
		write(t, tmp, strings.Replace(string(data), "scenes:\n", fmt.Sprintf("scenes:\n  - script: Save %d.\n", i), 1))
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			if out := p.full(); !strings.Contains(out, "1 to re-render") {
				t.Fatalf("save 0, full plan:\n%s", out)
			}
			continue
		}
		out, form, need := p.fromSnapshot()
		if replanned.check(t, fmt.Sprintf("save %d", i), out, form, need); !strings.Contains(out, "1 to re-render") {
			t.Fatalf("save %d:\n%s", i, out)
		}
	}
}

// TestReplanRefusesClashingOutputs: an edit of one manifest whose output
// cannot be written beside another video's (inside it, the folder of it,
// or one file with it but for Unicode normalization) is not re-planned:
// only a full plan reports it, with an error that names both videos.
func TestReplanRefusesClashingOutputs(t *testing.T) {
	p := newProject(t, 12, 8)
	one, two := p.path("videos/invoices/en/youtube-000/v00001.yaml"), p.path("videos/invoices/en/youtube-000/v00002.yaml")
	appendTo(t, two, "output: \"shared/caf\u00e9.mp4/two.mp4\"\n") // NFC é
	age(t, p.dir, time.Hour)
	if out := p.full(); strings.HasPrefix(out, "error") {
		t.Fatalf("setup: %s", out)
	}
	for _, tc := range []struct{ name, output, want string }{
		{"inside another's output", "invoices/en/youtube-000/v00000.mp4/inside.mp4",
			`videos/invoices/en/youtube-000/v00001.yaml:` + "%d" + `:9: output: "invoices/en/youtube-000/v00000.mp4/inside.mp4" is written in the folder "invoices/en/youtube-000/v00000.mp4", which is the output of video "invoices/en/youtube-000/v00000" (videos/invoices/en/youtube-000/v00000.yaml:`},
		{"the folder of another's output", "shared/caf\u00e9.mp4",
			`videos/invoices/en/youtube-000/v00002.yaml:` + "%d" + `:9: output: "shared/café.mp4/two.mp4" is written in the folder "shared/café.mp4", which is the output of video "invoices/en/youtube-000/v00001"`},
		{"the folder of another's output, in NFD", "shared/cafe\u0301.mp4",
			`videos/invoices/en/youtube-000/v00002.yaml:` + "%d" + `:9: output: "shared/café.mp4/two.mp4" is written in the folder "shared/caf\u00e9.mp4", which is the output of video "invoices/en/youtube-000/v00001"`},
	} {
		before, err := os.ReadFile(one)
		if err != nil {
			t.Fatal(err)
		}
		appendTo(t, one, "output: \""+tc.output+"\"\n")
		out, form, need := p.fromSnapshot()
		needs(Clash).check(t, tc.name, out, form, need)
		lines := func(path string) int { data, _ := os.ReadFile(path); return strings.Count(string(data), "\n") }
		lineOf := lines(one)
		if strings.Contains(tc.want, "v00002.yaml:%d") {
			lineOf = lines(two)
		}
		if full, want := p.full(), fmt.Sprintf(tc.want, lineOf); !strings.Contains(full, want) {
			t.Errorf("%s: the full plan:\n%s\nwant the error: %s", tc.name, full, want)
		}
		write(t, one, string(before))
		age(t, p.dir, time.Hour)
		if _, _, need := p.fromSnapshot(); need != nil {
			t.Fatalf("%s undone: %v", tc.name, need)
		}
	}
}

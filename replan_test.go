package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestEditedManifestsReplanLikeAFullPlan: after each kind of edit, the
// plan made from the snapshot by re-planning only the edited manifests
// prints exactly what a full plan of every manifest prints (the plan, its
// --all and --json forms, the errors and the exit code); and the snapshot
// it leaves gives the same plans again.
func TestEditedManifestsReplanLikeAFullPlan(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 30, 5)
	one := filepath.Join(dir, "videos", "invoices", "en", "youtube-000", "v00001.yaml")
	two := filepath.Join(dir, "videos", "invoices", "en", "youtube-000", "v00002.yaml")
	reelIn(t, dir, "plan")

	edits := []struct {
		name   string
		change func()
		path   string // the plan's path: re-planned from the snapshot, fresh, or full
	}{
		{"a script edited", func() {
			edit(t, one, "#1\n", "#1\n# a comment\n")
			edit(t, one, "script: >-\n      ", "script: >-\n      Now ")
		}, replanned},
		{"a comment added", func() { edit(t, two, "#2\n", "#2\n# only a comment\n") }, replanned},
		{"a variant added", func() { appendTo(t, two, "variants:\n  es: {voice: {id: 1bd001e7e50f421d891986aad5158bc8}}\n") }, replanned},
		{"two manifests edited", func() { edit(t, one, "Now ", "Then "); edit(t, two, "  es:", "  de:") }, replanned},
		{"the variant removed", func() { edit(t, two, "variants:\n  de: {voice: {id: 1bd001e7e50f421d891986aad5158bc8}}\n", "") }, replanned},
		{"an error made", func() { edit(t, one, "captions: sidecar", "captions: sidecars\nscenes2: 1") }, replanned},
		{"the error fixed", func() { edit(t, one, "captions: sidecars\nscenes2: 1", "captions: sidecar") }, fresh}, // the content the snapshot read
		{"an output taken from another video", func() {
			appendTo(t, one, "output: invoices/en/youtube-000/v00000.mp4\n")
		}, full},
		{"the output given back", func() { edit(t, one, "output: invoices/en/youtube-000/v00000.mp4\n", "") }, fresh},
		{"a script edited again", func() { edit(t, one, "Then ", "Later ") }, replanned},
		{"a manifest made a copy of another", func() { // its key was paid for by v00003: a free download
			data, err := os.ReadFile(filepath.Join(filepath.Dir(one), "v00003.yaml"))
			if err != nil {
				t.Fatal(err)
			}
			write(t, one, string(data))
		}, full},
		{"a manifest named like a variant of another", func() {
			write(t, strings.TrimSuffix(two, ".yaml")+"@es.yaml", "avatar: {id: a}\nscenes: [{script: Hola.}]\noutput: invoices/en/youtube-000/hola.mp4\n")
		}, full},
		{"the other edited", func() { edit(t, two, "#2\n", "#2\n# edited beside its namesake\n") }, full}, // their ids could meet
		{"a new manifest", func() {
			write(t, filepath.Join(filepath.Dir(one), "new.yaml"), "avatar: {id: a}\nscenes: [{script: New.}]\n")
		}, full},
	}
	variants := [][]string{{"plan"}, {"plan", "--all"}, {"plan", "--json"}, {"plan", "--detailed-exitcode"}}
	for _, ed := range edits {
		ed.change()
		// every form from the snapshot: the first re-plans and patches
		// it, the others read the patched snapshot
		fast := make([]string, len(variants))
		for i, args := range variants {
			out, why, code := reelIn(t, dir, args...)
			if i == 0 && pathOf(why) != ed.path {
				t.Errorf("%s: the plan was %s, want %s: %s", ed.name, pathOf(why), ed.path, why)
			}
			fast[i] = fmt.Sprintf("%s\n%s\nexit %d", out, stripDebug(why), code)
		}
		for i, args := range variants {
			out, why, code := reelIn(t, dir, append(args, "--revalidate")...)
			if full := fmt.Sprintf("%s\n%s\nexit %d", out, stripDebug(why), code); fast[i] != full {
				t.Errorf("%s: reel %v from the snapshot:\n%s\nfull:\n%s", ed.name, args, fast[i], full)
			}
		}
		age(t, dir, time.Hour)
	}
}

const (
	replanned = "re-planned"
	fresh     = "fresh"
	full      = "full"
)

// pathOf says which path REEL_DEBUG=snapshot says a plan took.
func pathOf(stderr string) string {
	switch {
	case strings.Contains(stderr, "re-planned the edited manifests only"):
		return replanned
	case strings.Contains(stderr, "snapshot: fresh"):
		return fresh
	}
	return full
}

// stripDebug drops the REEL_DEBUG lines, which say which path was taken.
func stripDebug(stderr string) string {
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		if !strings.HasPrefix(l, "snapshot: ") {
			keep = append(keep, l)
		}
	}
	return strings.Join(keep, "\n")
}

func appendTo(t *testing.T, path, text string) {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path, string(data)+text)
}

// TestSavesInQuickSuccession: an editor that saves by rename changes the
// folder's mtime each time; plans right after each save still re-plan only
// the edited manifest, even after a full plan (the first) that saw the
// folder just modified: the snapshot keeps the listing the plan saw.
func TestSavesInQuickSuccession(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 20, 6)
	reelIn(t, dir, "plan")
	path := filepath.Join(dir, "videos", "invoices", "en", "youtube-000", "v00003.yaml")
	for i := range 3 {
		data, _ := os.ReadFile(path)
		tmp := path + ".swp"
		write(t, tmp, strings.Replace(string(data), "scenes:\n", fmt.Sprintf("scenes:\n  - script: Save %d.\n", i), 1))
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
		args, want := []string{"plan"}, replanned
		if i == 0 {
			args, want = []string{"plan", "--revalidate"}, full
		}
		out, why, code := reelIn(t, dir, args...)
		if code != 0 || pathOf(why) != want || !strings.Contains(out, "1 to re-render") {
			t.Fatalf("save %d: exit %d, %s path: %s\n%s", i, code, pathOf(why), why, out)
		}
	}
}

// TestProjectFileSavedByRename: saving reel.yaml by rename changes the
// project root's mtime just before the plan that follows; that plan is
// full (reel.yaml changed), and the one after it is read from the
// snapshot, which holds the root's listing as the load saw it.
func TestProjectFileSavedByRename(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 20, 6)
	reelIn(t, dir, "plan")
	path := filepath.Join(dir, "reel.yaml")
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	write(t, path+".swp", string(data)+"# a comment\n")
	if err := os.Rename(path+".swp", path); err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{full, fresh} {
		if out, why, code := reelIn(t, dir, "plan"); code != 0 || pathOf(why) != want {
			t.Fatalf("plan %d after the save: exit %d, %s path, want %s: %s\n%s", i+1, code, pathOf(why), want, why, out)
		}
	}
}

// TestSecondPlanOfANewProjectIsFresh: the first plan of a project creates
// reel's cache folder in its root; the plan after it still reads the
// snapshot, rather than taking the new folder for a change.
func TestSecondPlanOfANewProjectIsFresh(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 5, 7)
	for _, name := range []string{".reel", "out", "reel.lock"} { // a project never planned
		if err := os.RemoveAll(filepath.Join(dir, name)); err != nil {
			t.Fatal(err)
		}
	}
	hourAgo := time.Now().Add(-time.Hour)
	if err := os.Chtimes(dir, hourAgo, hourAgo); err != nil { // age() would make .reel
		t.Fatal(err)
	}
	for i, want := range []string{full, fresh} {
		if out, why, code := reelIn(t, dir, "plan"); code != 0 || pathOf(why) != want {
			t.Fatalf("plan %d: exit %d, %s path, want %s: %s\n%s", i+1, code, pathOf(why), want, why, out)
		}
	}
}

// TestReplanRefusesClashingOutputs: an edit of one manifest whose output
// cannot be written beside another video's (inside it, the folder of it,
// or one file with it but for Unicode normalization) is refused by the
// plan from the snapshot exactly as by a full plan: the error names both
// videos, and nothing is planned.
func TestReplanRefusesClashingOutputs(t *testing.T) {
	t.Setenv("REEL_DEBUG", "snapshot")
	dir := renderedProject(t, 12, 8)
	folder := filepath.Join(dir, "videos", "invoices", "en", "youtube-000")
	one, two := filepath.Join(folder, "v00001.yaml"), filepath.Join(folder, "v00002.yaml")
	appendTo(t, two, "output: \"shared/caf\u00e9.mp4/two.mp4\"\n") // NFC é
	age(t, dir, time.Hour)
	if _, why, code := reelIn(t, dir, "plan"); code != 0 {
		t.Fatalf("setup: exit %d: %s", code, why)
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
		out, why, code := reelIn(t, dir, "plan")
		fullOut, fullWhy, fullCode := reelIn(t, dir, "plan", "--revalidate")
		lines := func(path string) int { data, _ := os.ReadFile(path); return strings.Count(string(data), "\n") }
		lineOf := lines(one)
		if strings.Contains(tc.want, "v00002.yaml:%d") {
			lineOf = lines(two)
		}
		want := fmt.Sprintf(tc.want, lineOf)
		if code != 1 || out != "" || !strings.Contains(why, want) {
			t.Errorf("%s: exit %d, %s path\nstdout: %s\nstderr: %s\nwant the error: %s", tc.name, code, pathOf(why), out, why, want)
		}
		if stripDebug(why) != stripDebug(fullWhy) || out != fullOut || code != fullCode {
			t.Errorf("%s: the plan from the snapshot differs from a full plan:\n%s\nfull:\n%s", tc.name, why, fullWhy)
		}
		write(t, one, string(before))
		age(t, dir, time.Hour)
		if _, why, code := reelIn(t, dir, "plan"); code != 0 {
			t.Fatalf("%s undone: exit %d: %s", tc.name, code, why)
		}
	}
}

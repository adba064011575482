package planner

import (
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/gentree"
)

// A manifest with rows and a locale, beside ten plain manifests.
const (
	rowsManifest = `rows: {file: ../data/customers.csv, key: slug}
title: Welcome, {{ .name }}
avatar: {id: Angela-inTshirt-20220820}
scenes:
  - script: Hi {{ .name }}, welcome to {{ .plan }}.
locales:
  es: {voice: {id: 2d5b0e6cf36f460aa7fc47e3eee4ba54}, file: ../i18n/es.yaml}
`
	rowsES = "scenes[0].script: Hola {{ .name }}, bienvenido a {{ .plan }}.\n"
)

// customersCSV is a data file of n customers.
func customersCSV(n int) string {
	var b strings.Builder
	b.WriteString("slug,name,plan\n")
	for i := range n {
		fmt.Fprintf(&b, "c%03d,Customer %d,pro\n", i, i)
	}
	return b.String()
}

// newRowsProject is a rendered project of ten manifests and one with rows
// of n customers in two languages.
func newRowsProject(t *testing.T, n int) *project {
	dir := t.TempDir()
	if _, err := gentree.Write(dir, gentree.Options{Videos: 10, Seed: 9}); err != nil {
		t.Fatal(err)
	}
	write(t, dir+"/videos/welcome.yaml", rowsManifest)
	write(t, dir+"/data/customers.csv", customersCSV(n))
	write(t, dir+"/i18n/es.yaml", rowsES)
	if err := gentree.MarkRendered(dir); err != nil {
		t.Fatal(err)
	}
	age(t, dir, time.Hour)
	return &project{t: t, dir: dir, pl: New(dir, Options{})}
}

// TestEditedRowsReplanLikeAFullPlan: after each edit of a data file, the
// plan from the snapshot re-plans the rows that changed, were added or
// were removed, and only them, and is exactly the plan of every manifest;
// a translation file edited re-plans its manifest; an edit the cache of
// rows cannot stand for needs a full plan.
func TestEditedRowsReplanLikeAFullPlan(t *testing.T) {
	p := newRowsProject(t, 20)
	csv, es, welcome := p.path("data/customers.csv"), p.path("i18n/es.yaml"), p.path("videos/welcome.yaml")
	if out := p.full(); !strings.Contains(out, "Plan: 50 up to date.") {
		t.Fatalf("setup:\n%s", out)
	}
	edits := []struct {
		name    string
		change  func()
		want    expect
		planned int    // videos re-planned
		summary string // the plan's
	}{
		{"one cell edited", func() { edit(t, csv, "Customer 7,", "Client 7,") }, replanned, 2, "~ render   welcome  2 of 40 videos changed (in the sandbox)  $0.00 for ~0:05\n\nPlan: 2 to re-render, 48 up to date."},
		{"the rows reordered", func() {
			lines := strings.Split(strings.TrimSuffix(readFile(t, csv), "\n"), "\n")
			for i, j := 1, len(lines)-1; i < j; i, j = i+1, j-1 {
				lines[i], lines[j] = lines[j], lines[i]
			}
			write(t, csv, strings.Join(lines, "\n")+"\n")
		}, replanned, 0, "Plan: 2 to re-render, 48 up to date."},
		{"a row added", func() { appendTo(t, csv, "new,Newcomer,team\n") }, replanned, 2, "Plan: 2 to create, 2 to re-render, 48 up to date."},
		{"a row removed", func() { edit(t, csv, "c003,Customer 3,pro\n", "") }, replanned, 2 /* the orphans */, "+ create   welcome          2 of 40 videos new (in the sandbox)  $0.00 for ~0:04\n~ render   welcome          2 of 40 videos changed (in the sandbox)  $0.00 for ~0:05\n- orphan   welcome@c003     in reel.lock but no manifest: its output is kept\n- orphan   welcome@c003@es  in reel.lock but no manifest: its output is kept\n\nPlan: 2 to create, 2 to re-render, 46 up to date, 2 orphaned."},
		{"a key made twice", func() { edit(t, csv, "c004,", "c005,") }, withErrs, 0, ""},
		{"the key given back", func() { edit(t, csv, "c005,Customer 4,", "c004,Customer 4,") }, unchanged, 0, "Plan: 2 to create, 2 to re-render, 46 up to date, 2 orphaned."},
		{"the data file removed", func() { os.Rename(csv, csv+".away") }, withErrs, 0, ""},
		{"the data file back", func() { os.Rename(csv+".away", csv) }, unchanged, 0, "Plan: 2 to create, 2 to re-render, 46 up to date, 2 orphaned."},
		{"the translation edited", func() { edit(t, es, "Hola", "Buenas") }, replanned, 42, "Plan: 2 to create, 20 to re-render, 28 up to date, 2 orphaned."},
		{"the manifest edited", func() { edit(t, welcome, "Hi {{", "Hello {{") }, replanned, 42, "Plan: 2 to create, 38 to re-render, 10 up to date, 2 orphaned."},
		{"the data file touched", func() { write(t, csv, readFile(t, csv)) }, unchanged, 0, "Plan: 2 to create, 38 to re-render, 10 up to date, 2 orphaned."},
		{"the cache of rows lost, then a cell edited", func() {
			os.Remove(rowsPath(p.dir))
			edit(t, csv, "Customer 9,", "Client 9,")
		}, needs(InputChanged), 0, "Plan: 2 to create, 38 to re-render, 10 up to date, 2 orphaned."},
		{"a cell edited after that full plan", func() { edit(t, csv, "Customer 8,", "Client 8,") }, replanned, 2, "Plan: 2 to create, 38 to re-render, 10 up to date, 2 orphaned."},
	}
	for _, ed := range edits {
		ed.change()
		got, need := p.replanned(ed.name, ed.want, ed.planned)
		full := p.full()
		if need == nil && got != full {
			t.Errorf("%s: the plan from the snapshot:\n%s\nfull:\n%s", ed.name, got, full)
		}
		if ed.summary != "" && !strings.Contains(full, ed.summary) {
			t.Errorf("%s: the plan:\n%s\nwant %s", ed.name, firstLines(full), ed.summary)
		}
		age(t, p.dir, time.Hour)
	}
}

// replanned is the plan from the snapshot, printed, checked against want
// and against the number of videos it should have re-planned.
func (p *project) replanned(name string, want expect, planned int) (string, *NeedFull) {
	t := p.t
	t.Helper()
	c, err := p.pl.FromSnapshot()
	var need *NeedFull
	var edited *EditErrors
	switch {
	case errors.As(err, &need):
		want.check(t, name, "", 0, need)
		return "", need
	case errors.As(err, &edited):
		got := failed(t, edited.Errors, p.dir)
		want.check(t, name, got, Replanned, nil)
		return got, nil
	case err != nil:
		t.Fatalf("%s: %v", name, err)
	}
	got := printedCached(t, c)
	want.check(t, name, got, c.Form, nil)
	if c.Form == Replanned && len(c.fresh) != planned {
		t.Errorf("%s: re-planned %d videos, want %d", name, len(c.fresh), planned)
	}
	return got, nil
}

// firstLines is the plan's listing, without its --all and --json forms.
func firstLines(out string) string {
	head, _, _ := strings.Cut(out, "--all\n")
	return head
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

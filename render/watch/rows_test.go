package watch

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/plan"
)

// TestSessionReloadsRowsOnDataEdits: a manifest with rows is reloaded when
// its data file or one of its translation files is saved, as when an
// asset of it is.
func TestSessionReloadsRowsOnDataEdits(t *testing.T) {
	root := copyExamples(t)
	s, err := Open(filepath.Join(root, "onboarding"), SessionOptions{Provider: "sandbox"})
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.First()
	if err != nil || len(u.Errors) > 0 || len(u.Actions) != 9 {
		t.Fatalf("first plan: %v, %d actions, errors %v", err, len(u.Actions), u.Errors)
	}
	p := &project{t: t, root: filepath.Join(root, "onboarding"), s: s, first: u}
	u, got := p.apply(Batch{Changed: []string{p.edit("data/customers.csv", "Hank", "Henry")}})
	if !strings.Contains(got, "welcome@globex:create") || !strings.Contains(got, "welcome@globex@es:create") {
		t.Errorf("a cell edited: %s", got)
	}
	// once rendered, a cell edited lists its row's videos alone, not the
	// other rows' up to date
	for i, a := range u.Actions {
		if a.ID != "welcome@globex" {
			u.Actions[i].Kind = plan.OK
		}
	}
	var out strings.Builder
	(&Lines{W: &out}).Plan(u)
	if strings.Contains(out.String(), "= ok") || !strings.Contains(out.String(), "welcome@globex ") {
		t.Errorf("the lines of a saved data file:\n%s", out.String())
	}
	_, got = p.apply(Batch{Changed: []string{p.edit("i18n/es.yaml", "Hola", "Buenas")}})
	if !strings.Contains(got, "welcome@acme@es:create") {
		t.Errorf("a translation edited: %s", got)
	}
	_, got = p.apply(Batch{Changed: []string{p.edit("data/customers.csv", "initech,", "initech-co,")}})
	if !strings.Contains(got, "welcome@initech-co:create") || !strings.Contains(got, "-welcome@initech") {
		t.Errorf("a key changed: %s", got)
	}
	p.expect(Batch{Changed: []string{p.write("data/notes.txt", "nothing uses this")}}, "nil")
}

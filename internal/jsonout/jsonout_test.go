package jsonout

import (
	"bytes"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/plan"
)

// TestDocumentErrors: a document command that fails before printing its
// document prints {"errors": [...]} instead, once it has run; one that
// printed its document prints nothing more.
func TestDocumentErrors(t *testing.T) {
	var stdout bytes.Buffer
	o := New(&stdout, false, "/project")
	o.Problem(errors.New("no reel.yaml here"))
	o.Finish()
	var doc struct {
		Errors []struct{ Message string }
	}
	if err := json.Unmarshal(stdout.Bytes(), &doc); err != nil || len(doc.Errors) != 1 || doc.Errors[0].Message != "no reel.yaml here" {
		t.Fatalf("stdout %q (%v); want the error as the document", stdout.String(), err)
	}
	stdout.Reset()
	o = New(&stdout, false, "/project")
	o.Document([]int{1})
	o.Problem(errors.New("late"))
	o.Finish()
	if strings.Contains(stdout.String(), "late") {
		t.Errorf("stdout %q: an error after the document was printed as another", stdout.String())
	}
}

// TestStreamErrors: a stream tells each error as an error event when it
// happens, and the plan event carries the plan's counts; a nil Out (no
// --json) tells nothing.
func TestStreamErrors(t *testing.T) {
	var stdout bytes.Buffer
	o := New(&stdout, true, "/project")
	o.Problem(errors.New("provider down"))
	o.Plan(plan.Head{Counts: map[plan.Kind]int{plan.Create: 2}})
	o.Finish()
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], `"event":"error"`) || !strings.Contains(lines[0], "provider down") || !strings.Contains(lines[1], `"event":"plan"`) {
		t.Errorf("stream %q; want an error event, then the plan event", lines)
	}
	var none *Out
	none.Problem(errors.New("x"))
	none.Plan(plan.Head{})
	none.Finish()
}

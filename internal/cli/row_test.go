package cli

import (
	"strings"
	"testing"
	"text/tabwriter"
)

// TestRowPrintsNoControl: a table's cells from a provider or reel.lock
// reach the terminal without their escape sequences, and a tab in a cell
// adds no column.
func TestRowPrintsNoControl(t *testing.T) {
	var b strings.Builder
	w := tabwriter.NewWriter(&b, 0, 4, 2, ' ', 0)
	Row(w, "ID", "NAME", "KIND")
	Row(w, "v1", "Ivy\x1b]0;pwned\a", "look\tx")
	w.Flush()
	want := "ID  NAME           KIND\nv1  Ivy ]0;pwned   look x\n"
	if b.String() != want {
		t.Errorf("got %q, want %q", b.String(), want)
	}
}

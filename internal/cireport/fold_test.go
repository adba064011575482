package cireport_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/actionrun"
	"github.com/reel-dev/reel/internal/cireport"
)

// listing is a plan's log of n videos, its summary and a line after it.
func listing(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "+ create   video%03d  new video  $3.00 for ~0:10\n", i)
	}
	b.WriteString("\nPlan: " + fmt.Sprint(n) + " to create.\nOver budget: the estimate is more than budget.max_usd.\n")
	return b.String()
}

// TestFoldListing checks that a long plan's listing is folded in a group
// titled with the summary, with the summary and what follows in sight,
// and that a short one is left as it is.
func TestFoldListing(t *testing.T) {
	var b strings.Builder
	log := listing(cireport.LongLog + 1)
	if err := cireport.FoldListing(&b, log, "Plan: "); err != nil {
		t.Fatal(err)
	}
	got := b.String()
	cmds := actionrun.Commands(got)
	if len(cmds) != 2 || cmds[0].Name != "group" || cmds[0].Data != "Plan: 21 to create." || cmds[1].Name != "endgroup" {
		t.Fatalf("the runner reads %+v from\n%s", cmds, got)
	}
	if !strings.HasSuffix(got, "::endgroup::\nPlan: 21 to create.\nOver budget: the estimate is more than budget.max_usd.\n") {
		t.Errorf("the summary is not in sight after the group:\n%s", got)
	}
	if strings.Count(got, "+ create") != cireport.LongLog+1 {
		t.Errorf("the group lost lines:\n%s", got)
	}
	for _, short := range []string{listing(cireport.LongLog - 1), "no summary line\n"} {
		b.Reset()
		if err := cireport.FoldListing(&b, short, "Plan: "); err != nil {
			t.Fatal(err)
		}
		if b.String() != short {
			t.Errorf("a short log is changed:\n%s", b.String())
		}
	}
}

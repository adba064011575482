//go:build unix

package main

import (
	"strings"
	"testing"
)

func TestRenderWithoutATerminalSpendsWithinTheBudget(t *testing.T) {
	t.Parallel()
	r := newFakeProject(t, true)
	stdout, stderr, code := r.detached("render", "--provider", "heygen", "--poll", "50ms")
	if code != exitOK || !strings.Contains(stdout, "Rendered 4,") {
		t.Fatalf("reel render </dev/null with a budget: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "Spend") {
		t.Errorf("a run without a terminal asked:\n%s", stderr)
	}
	if n := r.creates(); n != 4 {
		t.Errorf("%d creates, want 4", n)
	}
}

func TestRenderWithoutATerminalOrABudgetRefusesUnlessYes(t *testing.T) {
	t.Parallel()
	r := newFakeProject(t, false)
	stdout, stderr, code := r.detached("render", "--provider", "heygen", "--poll", "50ms")
	if code != exitError || !strings.Contains(stderr, "--yes") || !strings.Contains(stderr, "budget.max_usd") {
		t.Fatalf("reel render </dev/null without a budget: exit %d, want 1 saying to pass --yes or set budget.max_usd\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if strings.Contains(stderr, "Spend") {
		t.Errorf("a run without a terminal asked:\n%s", stderr)
	}
	if n := r.creates(); n != 0 {
		t.Errorf("%d creates sent by a refused run", n)
	}
	stdout, stderr, code = r.detached("render", "--provider", "heygen", "--poll", "50ms", "--yes")
	if code != exitOK || !strings.Contains(stdout, "Rendered 4,") {
		t.Fatalf("reel render --yes </dev/null: exit %d\nstdout:\n%s\nstderr:\n%s", code, stdout, stderr)
	}
	if n := r.creates(); n != 4 {
		t.Errorf("%d creates, want 4", n)
	}
}

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/gentree"
)

// The scale benchmarks run `reel plan` in-process on the generated project
// of 10,000 manifests (1,000 folders), rendered, with a snapshot in place:
//
//	go test -run '^$' -bench 'Plan.*10k' -benchtime 20x .
//
// Process start and the cold page cache are measured by
// scripts/vs-ninja.sh, which runs the binary.

// renderedTree writes the project and takes its first snapshot; every file
// is an hour old, so none is racy.
func renderedTree(b *testing.B) string { return renderedTreeOf(b, 10_000) }

// renderedTreeOf is renderedTree of n manifests.
func renderedTreeOf(b *testing.B, n int) string {
	b.Helper()
	dir := b.TempDir()
	if _, err := gentree.Write(dir, gentree.Options{Videos: n, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := gentree.MarkRendered(dir); err != nil {
		b.Fatal(err)
	}
	age(b, dir, time.Hour)
	mustPlan(b, dir, fmt.Sprintf("Plan: %d up to date.", n))
	return dir
}

// mustPlan runs reel plan and checks its last line.
func mustPlan(b *testing.B, dir, want string, args ...string) {
	var out, errb strings.Builder
	if code := run(append([]string{"-C", dir, "plan"}, args...), &out, &errb); code != 0 || !strings.Contains(out.String(), want) {
		b.Fatalf("plan %v: exit %d, %q, %s", args, code, out.String(), errb.String())
	}
}

// BenchmarkPlanNoop10k: nothing changed (target: no slower than ninja's
// no-op over the same files, measured by the script).
func BenchmarkPlanNoop10k(b *testing.B) {
	dir := renderedTree(b)
	for b.Loop() {
		mustPlan(b, dir, "Plan: 10000 up to date. Nothing to pay.")
	}
}

// BenchmarkPlanNoop1k: nothing changed, in process, over 1,000 manifests.
func BenchmarkPlanNoop1k(b *testing.B) {
	dir := renderedTreeOf(b, 1000)
	for b.Loop() {
		mustPlan(b, dir, "Plan: 1000 up to date. Nothing to pay.")
	}
}

// BenchmarkPlanTouched10k: every file rewritten with the same content (a
// checkout of the same tree): confirmed by content, still a no-op (target:
// at most twice the no-op).
func BenchmarkPlanTouched10k(b *testing.B) {
	dir := renderedTree(b)
	ago := 50 * time.Minute
	for b.Loop() {
		b.StopTimer()
		ago -= time.Second // a new mtime each time, never a racy one
		age(b, dir, ago)
		b.StartTimer()
		mustPlan(b, dir, "Plan: 10000 up to date. Nothing to pay.")
	}
}

// BenchmarkPlanOneEdited10k: one manifest's script edited (target: the
// no-op plus 5 ms).
func BenchmarkPlanOneEdited10k(b *testing.B) {
	dir := renderedTree(b)
	path := filepath.Join(dir, "videos", "taxes", "pl", "app-585", "v05855.yaml")
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		edited := strings.Replace(string(orig), "scenes:\n", fmt.Sprintf("scenes:\n  - script: Edit number %d.\n", n), 1)
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		os.Chtimes(path, old.Add(time.Duration(n)*time.Millisecond), old.Add(time.Duration(n)*time.Millisecond))
		b.StartTimer()
		mustPlan(b, dir, "Plan: 1 to re-render, 9999 up to date.")
	}
}

// BenchmarkPlanRevalidate10k: read, parse, validate and plan every
// manifest, as a first run does (target: 3 s).
func BenchmarkPlanRevalidate10k(b *testing.B) {
	dir := renderedTree(b)
	for b.Loop() {
		mustPlan(b, dir, "Plan: 10000 up to date.", "--revalidate")
	}
}

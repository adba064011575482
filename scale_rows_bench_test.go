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

// The rows benchmarks run `reel plan` in-process on a generated project of
// one manifest with rows and its data file of 10,000 rows, rendered, with
// a snapshot in place, beside the manifests' own (scale_bench_test.go):
//
//	go test -run '^$' -bench 'Plan(Rows)?(Noop|OneEdited)10k' -benchtime 20x .

// renderedRows writes the project and takes its first snapshot; every
// file is an hour old, so none is racy.
func renderedRows(b *testing.B) string {
	b.Helper()
	dir := b.TempDir()
	if _, err := gentree.Write(dir, gentree.Options{Rows: 10_000, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	if err := gentree.MarkRendered(dir); err != nil {
		b.Fatal(err)
	}
	age(b, dir, time.Hour)
	mustPlan(b, dir, "Plan: 10000 up to date.")
	return dir
}

// BenchmarkPlanRowsNoop10k: nothing changed (target: the no-op of 10,000
// manifests).
func BenchmarkPlanRowsNoop10k(b *testing.B) {
	dir := renderedRows(b)
	for b.Loop() {
		mustPlan(b, dir, "Plan: 10000 up to date. Nothing to pay.")
	}
}

// BenchmarkPlanRowsOneEdited10k: one cell of one row edited (target: the
// no-op plus what one edited manifest costs).
func BenchmarkPlanRowsOneEdited10k(b *testing.B) {
	dir := renderedRows(b)
	path := filepath.Join(dir, filepath.FromSlash(gentree.RowsData))
	orig, err := os.ReadFile(path)
	if err != nil {
		b.Fatal(err)
	}
	old := time.Now().Add(-time.Hour)
	n := 0
	for b.Loop() {
		b.StopTimer()
		n++
		edited := editRow(b, string(orig), "c05855", 2, fmt.Sprintf("Edit %d", n)) // its contact, in its script
		if err := os.WriteFile(path, []byte(edited), 0o644); err != nil {
			b.Fatal(err)
		}
		at := old.Add(time.Duration(n) * time.Millisecond)
		os.Chtimes(path, at, at)
		b.StartTimer()
		mustPlan(b, dir, "Plan: 1 to re-render, 9999 up to date.")
	}
}

// BenchmarkPlanRowsRevalidate10k: read, expand, validate and plan every
// row, as a first run does.
func BenchmarkPlanRowsRevalidate10k(b *testing.B) {
	dir := renderedRows(b)
	for b.Loop() {
		mustPlan(b, dir, "Plan: 10000 up to date.", "--revalidate")
	}
}

// editRow sets column col of the row whose key is key in a CSV text.
func editRow(b *testing.B, csv, key string, col int, value string) string {
	start := strings.Index(csv, "\n"+key+",")
	if start < 0 {
		b.Fatalf("no row %s", key)
	}
	end := start + 1 + strings.IndexByte(csv[start+1:], '\n')
	cells := strings.Split(csv[start+1:end], ",")
	cells[col] = value
	return csv[:start+1] + strings.Join(cells, ",") + csv[end:]
}

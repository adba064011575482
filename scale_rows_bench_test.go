//go:build unix

package main

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
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

// BenchmarkPlanRowsVsManifests10k times, in interleaved pairs, the plans
// of the 10,000-row file against those of 10,000 manifests, its named
// peer: a no-op of each, then one row edited against one manifest edited.
// It reports the median of each, in ms:
//
//	taskset -c 1 go test -run '^$' -bench RowsVsManifests -benchtime 40x .
func BenchmarkPlanRowsVsManifests10k(b *testing.B) {
	rows, many := renderedRows(b), renderedTree(b)
	csv := filepath.Join(rows, filepath.FromSlash(gentree.RowsData))
	manifest := filepath.Join(many, "videos", "taxes", "pl", "app-585", "v05855.yaml")
	origCSV, err := os.ReadFile(csv)
	if err != nil {
		b.Fatal(err)
	}
	origManifest, err := os.ReadFile(manifest)
	if err != nil {
		b.Fatal(err)
	}
	// each plan's wall time, and its CPU time (user and system, all
	// threads): on a shared machine the one tells what a user waits, the
	// other what the plan costs whatever else runs
	var noopRows, noopMany, editRows, editMany [2][]time.Duration
	timed := func(into *[2][]time.Duration, dir, want string) {
		cpu, start := cpuTime(b), time.Now()
		mustPlan(b, dir, want)
		into[0] = append(into[0], time.Since(start))
		into[1] = append(into[1], cpuTime(b)-cpu)
	}
	old := time.Now().Add(-time.Hour)
	const edited = "Plan: 1 to re-render, 9999 up to date."
	edit := func(n int) {
		at := old.Add(time.Duration(n) * time.Millisecond)
		writeAt(b, manifest, strings.Replace(string(origManifest), "scenes:\n", fmt.Sprintf("scenes:\n  - script: Edit number %d.\n", n), 1), at)
		writeAt(b, csv, editRow(b, string(origCSV), "c05855", 2, fmt.Sprintf("Edit %d", n)), at)
	}
	edit(0) // each no-op then lists the one pending video, in both
	mustPlan(b, many, edited)
	mustPlan(b, rows, edited)
	n := 0
	for b.Loop() {
		n++
		timed(&noopMany, many, edited)
		timed(&noopRows, rows, edited)
		b.StopTimer()
		edit(n)
		b.StartTimer()
		timed(&editMany, many, edited)
		timed(&editRows, rows, edited)
	}
	for _, m := range []struct {
		name string
		d    [2][]time.Duration
	}{{"noop-rows", noopRows}, {"noop-manifests", noopMany}, {"edit-rows", editRows}, {"edit-manifests", editMany}} {
		b.ReportMetric(median(m.d[0]), m.name+"-ms")
		b.ReportMetric(median(m.d[1]), m.name+"-cpu-ms")
	}
}

// cpuTime is the CPU time the process has used, user and system.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// writeAt writes a file and sets its mtime.
func writeAt(b *testing.B, path, content string, at time.Time) {
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		b.Fatal(err)
	}
	os.Chtimes(path, at, at)
}

// median of some durations, in ms.
func median(d []time.Duration) float64 {
	s := slices.Clone(d)
	slices.Sort(s)
	return float64(s[len(s)/2]) / float64(time.Millisecond)
}

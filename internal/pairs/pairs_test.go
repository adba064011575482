//go:build unix

package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// TestAlternate: A and B take turns, A first in each pair, warm-up pairs
// are not counted, and each run is measured.
func TestAlternate(t *testing.T) {
	dir := t.TempDir()
	log := filepath.Join(dir, "log")
	sh := func(s string) side {
		sd := side{name: s, argv: []string{"sh", "-c", "echo " + s + " >> " + log}, dir: dir}
		if err := sd.resolve(); err != nil {
			t.Fatal(err)
		}
		return sd
	}
	ps, err := alternate(1, 3, sh("a"), sh("b"))
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(log)
	if want := "a\nb\na\nb\na\nb\na\nb\n"; string(got) != want {
		t.Errorf("runs in the order %q; want %q", got, want)
	}
	if len(ps) != 3 {
		t.Fatalf("%d pairs timed; want 3", len(ps))
	}
	for _, p := range ps {
		if p.a.wall <= 0 || p.b.wall <= 0 || p.a.maxRSS <= 0 {
			t.Errorf("a run not measured: %+v", p)
		}
	}
}

// TestFailingCommand: a command that fails stops the series with its name.
func TestFailingCommand(t *testing.T) {
	bad := side{name: "false", argv: []string{"false"}, dir: t.TempDir()}
	if err := bad.resolve(); err != nil {
		t.Fatal(err)
	}
	if _, err := alternate(0, 1, bad, bad); err == nil || !strings.Contains(err.Error(), "false failed") {
		t.Errorf("error %v; want one naming the failed command", err)
	}
}

// TestSummary: the ratio is the median of the pairs' ratios, not the ratio
// of the medians, which a drifting machine skews.
func TestSummary(t *testing.T) {
	ms := func(n int) time.Duration { return time.Duration(n) * time.Millisecond }
	ps := []pair{
		{sample{wall: ms(10), cpu: ms(10), maxRSS: 5}, sample{wall: ms(20), cpu: ms(10), maxRSS: 9}},  // 0.5
		{sample{wall: ms(30), cpu: ms(30), maxRSS: 7}, sample{wall: ms(40), cpu: ms(10), maxRSS: 3}},  // 0.75
		{sample{wall: ms(90), cpu: ms(20), maxRSS: 6}, sample{wall: ms(100), cpu: ms(10), maxRSS: 4}}, // 0.9
	}
	s := summarize(ps)
	if s.wallRatio != 0.75 || s.cpuRatio != 2 {
		t.Errorf("ratios wall %v cpu %v; want the medians of the pairs' ratios, 0.75 and 2", s.wallRatio, s.cpuRatio)
	}
	if s.wallA != ms(30) || s.wallB != ms(40) || s.rssA != 7 || s.rssB != 9 {
		t.Errorf("summary %+v: want medians 30 and 40 ms, peaks 7 and 9", s)
	}
}

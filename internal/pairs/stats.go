//go:build unix

package main

import (
	"fmt"
	"slices"
	"time"
)

// summary is what a series of pairs says.
type summary struct {
	wallRatio, cpuRatio float64       // medians of the per-pair ratios A÷B
	wallA, wallB        time.Duration // medians
	cpuA, cpuB          time.Duration
	rssA, rssB          int64 // the most any run took, in bytes
	pairs               int
}

func summarize(ps []pair) summary {
	s := summary{pairs: len(ps)}
	var wr, cr []float64
	var wa, wb, ca, cb []time.Duration
	for _, p := range ps {
		wr = append(wr, ratio(p.a.wall, p.b.wall))
		cr = append(cr, ratio(p.a.cpu, p.b.cpu))
		wa, wb = append(wa, p.a.wall), append(wb, p.b.wall)
		ca, cb = append(ca, p.a.cpu), append(cb, p.b.cpu)
		s.rssA, s.rssB = max(s.rssA, p.a.maxRSS), max(s.rssB, p.b.maxRSS)
	}
	s.wallRatio, s.cpuRatio = median(wr), median(cr)
	s.wallA, s.wallB, s.cpuA, s.cpuB = median(wa), median(wb), median(ca), median(cb)
	return s
}

// ratio is a÷b; a b of zero (a CPU time under the clock's tick) counts as
// the smallest tick the kernel reports.
func ratio(a, b time.Duration) float64 {
	return float64(max(a, time.Microsecond)) / float64(max(b, time.Microsecond))
}

// median is the middle value, or the mean of the two middle ones.
func median[T float64 | time.Duration](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Sorted(slices.Values(xs))
	m := len(s) / 2
	if len(s)%2 == 1 {
		return s[m]
	}
	return (s[m-1] + s[m]) / 2
}

// line is the summary as one line of the script's report.
func (s summary) line(label, a, b string) string {
	ms := func(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/1e6) }
	mb := func(n int64) string { return fmt.Sprintf("%.1f MB", float64(n)/(1<<20)) }
	return fmt.Sprintf("%s%s÷%s wall %.2f, cpu %.2f | %s wall %s cpu %s rss %s | %s wall %s cpu %s rss %s | %d pairs",
		prefix(label), a, b, s.wallRatio, s.cpuRatio,
		a, ms(s.wallA), ms(s.cpuA), mb(s.rssA), b, ms(s.wallB), ms(s.cpuB), mb(s.rssB), s.pairs)
}

func prefix(label string) string {
	if label == "" {
		return ""
	}
	return label + ": "
}

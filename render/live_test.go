package render

import (
	"context"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"
)

// liveOn starts a live view of total videos on the terminal v; a resize
// is told on the returned channel, as SIGWINCH tells it.
func liveOn(v *vt, total int) (*Live, chan os.Signal) {
	resized := make(chan os.Signal, 1)
	return newLive(v, total, v.size, resized, func() {}), resized
}

// Long enough to wrap at 60 columns, as a download's line did.
var liveIDs = []string{"onboarding/welcome-to-acme-the-extended-edition", "shorts/launch@es", "講座/ようこそ日本語版"}

func liveDetail(id string) string {
	return "out/" + id + ".mp4 from https://cdn.example.com/renders/2026/01/" + id + "/final-master-1080p.mp4"
}

// isView tells a line of the view (a video in flight, the bar) from the
// lines that stay (done, failed, stopped, messages).
func isView(line string) bool { return strings.HasPrefix(line, "  ") }

// checkView checks the screen while the view is up: no line wider than
// the terminal it was written on, no line twice, one bar.
func checkView(t *testing.T, v *vt) {
	t.Helper()
	lines, widths, shown := v.lines()
	seen, bars := map[string]bool{}, 0
	for i, l := range lines {
		if !shown[i] {
			continue
		}
		if w := displayWidth(l); w > widths[i] {
			t.Errorf("a line %d columns wide on a terminal of %d: %q", w, widths[i], l)
		}
		if seen[l] {
			t.Errorf("%q is on the screen twice", l)
		}
		seen[l] = true
		if strings.HasPrefix(l, "  [") {
			bars++
		}
	}
	if bars != 1 {
		t.Errorf("%d bars on the screen:\n%s", bars, strings.Join(lines, "\n"))
	}
}

// checkScreen looks at what a finished live view left, in the history and
// on the screen: each of want exactly once at the start of a line, the
// lines that stay no wider than their terminal and never twice, and no
// line of the view, but for at most stale in the history (rows a
// terminal pushed there itself as it rewrapped them after a shrink).
func checkScreen(t *testing.T, v *vt, stale int, want ...string) {
	t.Helper()
	lines, widths, shown := v.lines()
	seen, left := map[string]int{}, 0
	for i, l := range lines {
		if isView(l) {
			left++
			if shown[i] {
				t.Errorf("a line of the view was left on the screen: %q", l)
			}
			continue
		}
		seen[l]++
		if w := displayWidth(l); w > widths[i] {
			t.Errorf("a line %d columns wide on a terminal of %d: %q", w, widths[i], l)
		}
	}
	if left > stale {
		t.Errorf("%d lines of the view were left behind, want at most %d", left, stale)
	}
	for l, n := range seen {
		if n > 1 {
			t.Errorf("%q is shown %d times", l, n)
		}
	}
	for _, w := range want {
		n := 0
		for _, l := range lines {
			if strings.HasPrefix(l, w) {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d lines start with %q, want 1", n, w)
		}
	}
	if t.Failed() {
		t.Logf("history and screen:\n%s", strings.Join(lines, "\n"))
	}
}

// A plain download at 60 columns: the lines of the view are cut to the
// width, so each redraw covers the whole view and leaves no copies.
func TestLiveCutsLinesToTheTerminal(t *testing.T) {
	v := newVT(t, 60, 24)
	l, _ := liveOn(v, len(liveIDs))
	for _, step := range []string{"upload", "submit", "wait", "download"} {
		for _, id := range liveIDs {
			l.Event(Event{ID: id, Step: step, Detail: liveDetail(id)})
			checkView(t, v)
		}
	}
	var want []string
	for _, id := range liveIDs {
		l.Event(Event{ID: id, Step: "done", Detail: liveDetail(id)})
		want = append(want, "done      "+head(id))
	}
	l.Close()
	checkScreen(t, v, 0, want...)
}

// Ctrl-C at 120 columns: every video in flight is shown as stopped, with
// where it stood, in words, once.
func TestLiveShowsStoppedJobs(t *testing.T) {
	v := newVT(t, 120, 40)
	l, _ := liveOn(v, len(liveIDs)+1)
	for _, id := range liveIDs {
		l.Event(Event{ID: id, Step: "wait", Detail: "processing " + liveDetail(id)})
	}
	l.Event(Event{ID: "queued/next", Step: "upload", Detail: "portrait.png"})
	checkView(t, v)
	ctx, cancel := context.WithCancelCause(context.Background())
	cancel(Interrupt{By: "Ctrl-C"})
	l.Above().Write([]byte("reel: stopping: letting requests already sent finish, so that their jobs are recorded (Ctrl-C again to quit at once)\n"))
	checkView(t, v)
	var want []string
	for i, id := range liveIDs {
		l.Event(Event{ID: id, Step: "stopped", Detail: stopped(ctx, stoppedWaiting, "job-"+string(rune('a'+i)), "processing").Error()})
		want = append(want, "stopped   "+head(id))
	}
	l.Event(Event{ID: "queued/next", Step: "stopped", Detail: stopped(ctx, stoppedBeforeSubmit, "", "").Error()})
	l.Close()
	checkScreen(t, v, 0, append(want, "stopped   queued/next  ", "reel: stopping:")...)
	lines, _, _ := v.lines()
	for _, line := range lines {
		if strings.HasPrefix(line, "stopped ") && !regexp.MustCompile(`^stopped +\S+  \d+s  by Ctrl-C (while waiting for job|before submitting)`).MatchString(line) {
			t.Errorf("a stopped video does not say what stopped it: %q", line)
		}
		if strings.Contains(line, "context") {
			t.Errorf("Go's words reach the screen: %q", line)
		}
	}
}

// A resize mid-run, narrower, narrower, then wider: the view is redrawn
// at once at the new width, over the rows its lines take once the
// terminal has rewrapped them. What a shrink pushes into the history (the
// terminal keeps the cursor's row) is out of reach: at most that stays.
func TestLiveRedrawsAfterAResize(t *testing.T) {
	v := newVT(t, 100, 30)
	l, resized := liveOn(v, len(liveIDs))
	for _, id := range liveIDs {
		l.Event(Event{ID: id, Step: "wait", Detail: "processing " + liveDetail(id)})
	}
	shrinks := 0
	for _, cols := range []int{50, 23, 120} {
		if cols < v.cols {
			shrinks++
		}
		v.resize(cols)
		before := v.writes()
		select {
		case resized <- os.Interrupt: // any signal: SIGWINCH where there is one
		default: // the last one is not taken yet
		}
		waitUntil(t, func() bool { return v.writes() > before })
		checkView(t, v)
		l.Event(Event{ID: liveIDs[0], Step: "download", Detail: liveDetail(liveIDs[0])})
		checkView(t, v)
	}
	var want []string
	for _, id := range liveIDs {
		l.Event(Event{ID: id, Step: "done", Detail: id + ".mp4"})
		want = append(want, "done      "+head(id))
	}
	l.Close()
	checkScreen(t, v, shrinks*(len(liveIDs)+1), want...)
}

// More videos in flight than the screen has lines: the view keeps to the
// screen (the cursor cannot move above it), sums up the rest, and is
// redrawn in place even when it starts on the screen's first row.
func TestLiveKeepsToTheScreen(t *testing.T) {
	v := newVT(t, 80, 10)
	var ids []string
	for i := range 30 {
		ids = append(ids, "batch/video-"+string(rune('a'+i/10))+string(rune('0'+i%10)))
	}
	l, _ := liveOn(v, len(ids))
	for _, id := range ids {
		l.Event(Event{ID: id, Step: "wait", Detail: "queued"})
		checkView(t, v)
	}
	var want []string
	for _, id := range ids {
		l.Event(Event{ID: id, Step: "done", Detail: id + ".mp4"})
		want = append(want, "done      "+id+"  ")
	}
	l.Close()
	checkScreen(t, v, 0, want...)
}

// head is the start of an id, which shows however narrow the terminal.
func head(id string) string { return string([]rune(id)[:min(len([]rune(id)), 10)]) }

// waitUntil polls cond: the view redraws on its own goroutine. The bound
// is a guard against a hang, not a timing.
func waitUntil(t *testing.T, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(10 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(end) {
			t.Fatal("the view was not redrawn")
		}
	}
}

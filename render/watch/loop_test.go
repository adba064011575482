package watch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
)

// loopHarness is a watch --render session on a copy of the examples in
// the sandbox, its drafts on a fake clock. Its renderer does what a render
// leaves behind: an output on disk and a done entry in reel.lock.
type loopHarness struct {
	*project
	clock   *fakeClock
	loop    *Loop
	out     syncBuf
	batches []string
}

type syncBuf struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuf) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuf) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func newLoop(t *testing.T) *loopHarness {
	h := &loopHarness{project: newProject(t), clock: newFakeClock()}
	d := &Drafts{
		Clock: h.clock, Budget: 10, Limited: true,
		Prepare: func(ids []string) (*Job, error) { return h.s.Prepare(ids, 0) },
		Run:     h.render,
	}
	h.loop = &Loop{Session: h.s, Display: &Lines{W: &h.out, Dir: h.root}, Drafts: d}
	d.Notice, d.Rendered = h.loop.Display.Notice, h.loop.Rendered
	d.Start(context.Background())
	t.Cleanup(d.Close)
	return h
}

// render records each action of the job as rendered.
func (h *loopHarness) render(_ context.Context, job *Job) render.Result {
	res := render.Result{Charges: map[string]float64{}}
	var ids []string
	_, err := lock.Update(h.abs(lock.FileName), func(l *lock.Lock) error {
		for _, a := range job.Plan.Actions {
			body := []byte("a video of " + a.Key)
			path := filepath.Join(job.Project.OutputDir, filepath.FromSlash(a.Video.Output))
			if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
				return err
			}
			if err := os.WriteFile(path, body, 0o644); err != nil {
				return err
			}
			sum := sha256.Sum256(body)
			l.Set(&lock.Entry{ID: a.ID, Key: a.Key, State: lock.Done, Provider: "sandbox", Job: "job-" + a.ID,
				Output: a.Video.Output, Size: int64(len(body)), SHA256: hex.EncodeToString(sum[:])})
			ids = append(ids, a.ID)
			res.Charges[a.ID] = a.Cost.USD
		}
		return nil
	})
	if err != nil {
		h.t.Fatal(err)
	}
	h.batches = append(h.batches, strings.Join(ids, ","))
	res.Done, res.Rendered = ids, len(ids)
	return res
}

func (h *loopHarness) expectBatches(want ...string) {
	h.t.Helper()
	if got := strings.Join(h.batches, " "); got != strings.Join(want, " ") {
		h.t.Errorf("batches %q, want %q", got, want)
	}
}

// What was pending when watch started renders as if it had just been
// saved: once the settle time has passed, in one batch.
func TestLoopRendersWhatWasPendingAtStart(t *testing.T) {
	h := newLoop(t)
	h.loop.Begin(h.first)
	h.clock.Advance(DefaultSettle - time.Millisecond)
	h.expectBatches()
	h.clock.Advance(time.Millisecond)
	h.expectBatches("explainer,shorts/launch,shorts/launch@es,social/teaser")
}

// After each batch the plan is shown again as reel.lock now has it: the
// rendered videos' lines and the summary, below the batch's report.
func TestLoopShowsThePlanAfterARender(t *testing.T) {
	h := newLoop(t)
	h.loop.Begin(h.first)
	h.clock.Advance(DefaultSettle)
	want := "Rendered 4, downloaded 0, failed 0. Spent about $0.00; this session $0.00.\n" +
		"= ok       explainer         up to date\n" +
		"= ok       shorts/launch     up to date\n" +
		"= ok       shorts/launch@es  up to date\n" +
		"= ok       social/teaser     up to date\n" +
		"Plan: 4 up to date. Nothing to pay.\n"
	if !strings.HasSuffix(h.out.String(), want) {
		t.Fatalf("output:\n%s\nwant it to end with:\n%s", h.out.String(), want)
	}

	h.loop.Batch(Batch{Changed: []string{h.edit("videos/explainer.yaml", "Hi, I'm", "Hello, I'm")}})
	if !strings.HasSuffix(h.out.String(), "Plan: 1 to re-render, 3 up to date. Estimated cost: $0.00 for ~0:17.\n") {
		t.Fatalf("after a save:\n%s", h.out.String())
	}
	h.clock.Advance(DefaultSettle)
	h.expectBatches("explainer,shorts/launch,shorts/launch@es,social/teaser", "explainer")
	want = "Rendered 1, downloaded 0, failed 0. Spent about $0.00; this session $0.00.\n" +
		"= ok       explainer  up to date\n" +
		"Plan: 4 up to date. Nothing to pay.\n"
	if !strings.HasSuffix(h.out.String(), want) {
		t.Fatalf("output:\n%s\nwant it to end with:\n%s", h.out.String(), want)
	}
}

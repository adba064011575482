package render

import (
	"context"
	"crypto/sha256"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/heygen"
)

// v3Jobs creates n jobs at a HeyGen v3 fake and returns it, its client and
// the job ids.
func v3Jobs(t *testing.T, n int) (*fake.HeyGen, provider.Provider, []string) {
	t.Helper()
	f := fake.NewHeyGen(fake.HeyGenOptions{API: fake.HeyGenV3, Credits: 1 << 30})
	t.Cleanup(f.Close)
	c, err := heygen.New(heygen.Config{API: heygen.V3, BaseURL: f.BaseURL(), Key: f.Key()})
	if err != nil {
		t.Fatal(err)
	}
	var jobs []string
	for i := range n {
		job, err := c.Submit(context.Background(), provider.Submission{Key: fmt.Sprintf("%x", sha256.Sum256([]byte{byte(i)})), Body: f.Body(fmt.Sprintf("Video %d.", i))})
		if err != nil {
			t.Fatal(err)
		}
		jobs = append(jobs, job.ID)
	}
	return f, c, jobs
}

// TestStatusChecksAreBatched: 150 jobs polled at once on HeyGen v3 cost two
// bulk status calls (100 ids each at most), not 150.
func TestStatusChecksAreBatched(t *testing.T) {
	f, c, jobs := v3Jobs(t, 150)
	ctx := context.Background()
	b := &statusBatcher{prov: c}
	var wg sync.WaitGroup
	states := make([]provider.State, len(jobs))
	for i, job := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			st, err := b.get(ctx, job)
			if err != nil || st.JobID != job {
				t.Errorf("job %s: %+v %v", job, st, err)
			}
			states[i] = st.State
		}()
	}
	wg.Wait()
	if n := len(f.Server().Requests(fake.RouteStatus)); n > 4 {
		t.Errorf("%d status requests for 150 jobs; want them batched (2, or a few more if the goroutines straggle)", n)
	}
	for i, s := range states {
		if s != provider.Queued && s != provider.Processing {
			t.Errorf("job %d: state %s", i, s)
		}
	}
}

// On a bulk API a poll round also asks about the jobs waiting for their
// next check: one call answers them all, and they stop waiting.
func TestPollRoundTakesWaitingJobsAlong(t *testing.T) {
	f, c, jobs := v3Jobs(t, 3)
	ctx := context.Background()
	b := &statusBatcher{prov: c}
	parked := make(chan struct{}, 2)
	forever := func(ctx context.Context, _ time.Duration) error { parked <- struct{}{}; <-ctx.Done(); return ctx.Err() }
	hang, cancel := context.WithTimeout(ctx, time.Minute) // a guard against a hang, not a timing
	defer cancel()
	var wg sync.WaitGroup
	for _, job := range jobs[:2] {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if st, err := b.next(hang, job, time.Hour, forever); err != nil || st.JobID != job {
				t.Errorf("waiting job %s: %+v %v", job, st, err)
			}
		}()
	}
	<-parked
	<-parked
	if _, err := b.get(ctx, jobs[2]); err != nil {
		t.Fatal(err)
	}
	wg.Wait() // both woken by the one round, not by their hour
	if n := len(f.Server().Requests(fake.RouteStatus)); n != 1 {
		t.Errorf("%d status requests for a round of 3 jobs, want 1", n)
	}
}

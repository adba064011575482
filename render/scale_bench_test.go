package render_test

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/heygen"
	"github.com/reel-dev/reel/render/provider/registry"
)

// BenchmarkRender200At10 renders 200 changed videos against the HeyGen v3
// fake, which runs at most 10 at once (a create beyond that gets 429 with
// Retry-After) and takes a fixed time per job, on the wall clock. The best
// any client can do is ⌈200/10⌉ job times; wall/limit is how close reel
// comes (target ≤ 1.1). limit=10 is reel configured right; limit=16 is reel
// configured too high, learning the provider's limit from its first 429.
//
// Reported per run: wall/limit; status-calls/round, the bulk status calls
// per poll round, a round being one status check of every job in flight
// (target ≤ 1 per 100 jobs in flight, so 1 here: each call asks about
// every job in flight); ids/status-call; and 429s, the creates refused
// (target: the one that teaches reel the limit, then none).
//
// It takes about 20 s a run: go test -run '^$' -bench Render200 -benchtime 1x ./render/
func BenchmarkRender200At10(b *testing.B) {
	for _, limit := range []int{10, 16} {
		b.Run(fmt.Sprintf("limit=%d", limit), func(b *testing.B) {
			for b.Loop() {
				benchRender(b, 200, 10, limit, time.Second, 50*time.Millisecond)
			}
		})
	}
}

// benchRender renders n fresh videos against a fake that runs cap jobs at
// once, each taking jobTime, with reel's limit and poll interval.
func benchRender(b *testing.B, n, cap, limit int, jobTime, poll time.Duration) {
	b.StopTimer()
	dir := b.TempDir()
	files := map[string]string{"reel.yaml": fmt.Sprintf(reelYAML, "v3")}
	for i := range n {
		files[fmt.Sprintf("videos/v%03d.yaml", i)] = fmt.Sprintf(plainYAML, fmt.Sprintf("Video number %d.", i))
	}
	for name, content := range files {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			b.Fatal(err)
		}
	}
	hg := fake.NewHeyGen(fake.HeyGenOptions{
		Options:     fake.Options{Clock: fake.WallClock{}, Timeline: fake.Timeline{Queued: jobTime / 5, Processing: jobTime - jobTime/5}},
		Concurrency: cap, Credits: 1 << 30,
	})
	defer hg.Close()
	proj, err := manifest.LoadProject(dir)
	if err != nil {
		b.Fatal(err)
	}
	set, err := manifest.Load(proj, manifest.Options{Providers: registry.Manifest()})
	if err != nil || len(set.Errors) > 0 {
		b.Fatalf("load: %v %v", err, set.Errors)
	}
	p, err := plan.Make(set.Videos, lock.New(), plan.NewPrices(nil), planner.StatOutputs(proj.OutputDir))
	if err != nil {
		b.Fatal(err)
	}
	client, err := heygen.New(heygen.Config{API: heygen.V3, BaseURL: hg.BaseURL(), UploadURL: hg.UploadURL(), Key: hg.Key()})
	if err != nil {
		b.Fatal(err)
	}
	counted := &roundCounter{Provider: client, done: map[string]bool{}}
	r := &render.Runner{
		Project: proj,
		Open:    func(string) (provider.Provider, error) { return counted, nil },
		Poll:    poll,
		Limits:  map[string]int{"heygen": limit},
	}
	b.StartTimer()
	start := time.Now()
	res := r.Run(context.Background(), p)
	wall := time.Since(start)
	b.StopTimer()
	if len(res.Done) != n || len(res.Failed) != 0 {
		b.Fatalf("%d done, failed: %v", len(res.Done), res.Failed)
	}
	ideal := time.Duration((n+cap-1)/cap) * jobTime
	bulk, ids := 0, 0
	for _, rq := range hg.Server().Requests(fake.RouteStatus) {
		if strings.HasSuffix(rq.Path, "/statuses") {
			bulk++
			q, _ := url.ParseQuery(rq.Query)
			ids += len(strings.Split(q.Get("video_ids"), ","))
		}
	}
	refused := 0
	for _, rq := range hg.Server().Requests(fake.RouteCreate) {
		if rq.Status == 429 {
			refused++
		}
	}
	b.ReportMetric(float64(wall)/float64(ideal), "wall/limit")
	b.ReportMetric(float64(counted.calls)/counted.rounds, "status-calls/round")
	b.ReportMetric(float64(ids)/float64(max(1, bulk)), "ids/status-call")
	b.ReportMetric(float64(refused), "429s")
	b.StartTimer()
}

// roundCounter is the client as reel sees it, counting poll rounds: a
// status call that asks about k of the n jobs in flight (accepted, not yet
// seen finished) is k/n of a round.
type roundCounter struct {
	provider.Provider
	mu     sync.Mutex
	flight int
	done   map[string]bool
	calls  int
	rounds float64
}

func (c *roundCounter) Submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	job, err := c.Provider.Submit(ctx, s)
	if err == nil {
		c.mu.Lock()
		c.flight++
		c.mu.Unlock()
	}
	return job, err
}

func (c *roundCounter) Status(ctx context.Context, ids ...string) ([]provider.Status, error) {
	c.mu.Lock()
	c.calls++
	c.rounds += float64(len(ids)) / float64(max(len(ids), c.flight))
	c.mu.Unlock()
	sts, err := c.Provider.Status(ctx, ids...)
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, st := range sts {
		if st.State == provider.Completed && !c.done[st.JobID] {
			c.done[st.JobID] = true
			c.flight--
		}
	}
	return sts, err
}

package render_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

// mixed is a project with one video of each kind the executor handles:
// a HeyGen v3 studio video with an uploaded audio scene, a v3 image video
// of an uploaded portrait, a fal clip of a local portrait and a PixelDojo
// video of public URLs.
func mixed(t *testing.T) *world {
	return newWorld(t, map[string]string{
		"reel.yaml":          fmt.Sprintf(reelYAML, "v3"),
		"assets/anna.png":    pngAsset,
		"assets/line.wav":    wavAsset,
		"videos/studio.yaml": fmt.Sprintf(studioYAML, "Hi, I'm Angela from Acme."),
		"videos/photo.yaml":  fmt.Sprintf(photoYAML, "Acme two is here."),
		"videos/clip.yaml":   fmt.Sprintf(clipYAML, "A short clip."),
		"videos/pixel.yaml":  fmt.Sprintf(pixelYAML, "Rendered by PixelDojo."),
	}, fake.HeyGenOptions{})
}

// single is a project of one HeyGen avatar video (no local files) on api.
func single(t *testing.T, api string, hgo fake.HeyGenOptions) *world {
	return newWorld(t, map[string]string{
		"reel.yaml":         fmt.Sprintf(reelYAML, api),
		"videos/plain.yaml": fmt.Sprintf(plainYAML, "Hello from Daisy."),
	}, hgo)
}

var allFour = []string{"clip", "photo", "pixel", "studio"}

func TestFirstRunRendersSecondDoesNothing(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	if got, want := kinds(w.plan()), []string{"clip:create", "photo:create", "pixel:create", "studio:create"}; !slices.Equal(got, want) {
		t.Fatalf("first plan %v, want %v", got, want)
	}
	res := w.mustRender()
	if !slices.Equal(res.Done, allFour) {
		t.Fatalf("done %v, want %v", res.Done, allFour)
	}
	l := w.lock()
	for _, id := range allFour {
		e := l.Videos[id]
		if e == nil || e.State != lock.Done || e.Job == "" || e.Output != id+".mp4" || e.Size == 0 || len(e.SHA256) != 64 {
			t.Errorf("lock entry %s = %+v, want done with job, output, size and sha256", id, e)
		}
	}
	if p := l.Videos["studio"].Provider + " " + l.Videos["clip"].Provider + " " + l.Videos["pixel"].Provider; p != "heygen/v3 fal pixeldojo" {
		t.Errorf("providers %q", p)
	}
	// The studio's audio and the portrait went to HeyGen, the portrait to
	// fal's storage; PixelDojo got its URL as written.
	if n := len(w.hg.Server().Requests(fake.RouteUpload)); n != 2 {
		t.Errorf("%d uploads to HeyGen, want 2 (audio, portrait)", n)
	}
	if n := len(w.fal.Server().Requests(fake.RouteUpload)); n != 1 {
		t.Errorf("%d uploads to fal, want 1", n)
	}
	if n := len(w.charges()); n != 4 {
		t.Errorf("%d charges %v, want 4", n, w.charges())
	}
	w.checkPaidOnce()
	w.checkOutputs()
	before := w.lockBytes()
	for _, secret := range []string{"Signature", "Expires=", "http://", w.hg.Key(), w.fal.Key(), w.pd.Key()} {
		if bytes.Contains(before, []byte(secret)) {
			t.Errorf("reel.lock holds %q", secret)
		}
	}

	// Nothing changed: every video is up to date and a run leaves the lock
	// alone, byte for byte.
	p := w.plan()
	if got := kinds(p); !slices.Equal(got, []string{"clip:ok", "photo:ok", "pixel:ok", "studio:ok"}) {
		t.Fatalf("second plan %v, want all ok", got)
	}
	creates := w.creates()
	res = w.runner().Run(context.Background(), p)
	if len(res.Done)+len(res.Failed) != 0 || w.creates() != creates {
		t.Fatalf("a no-op run did something: %+v, %d creates", res, w.creates()-creates)
	}
	if !bytes.Equal(w.lockBytes(), before) {
		t.Fatalf("a no-op run changed reel.lock")
	}

	// A deleted output is fetched again, free, and the lock comes out the
	// same bytes.
	os.Remove(filepath.Join(w.dir, "out", "pixel.mp4"))
	if a := w.action(w.plan(), "pixel"); a.Kind != plan.Download {
		t.Fatalf("plan for a deleted output: %s (%s), want download", a.Kind, a.Reason)
	}
	w.mustRender()
	if w.creates() != creates || len(w.charges()) != 4 {
		t.Fatalf("re-download created or charged: %d creates, %v", w.creates()-creates, w.charges())
	}
	if !bytes.Equal(w.lockBytes(), before) {
		t.Fatalf("re-downloading an output changed reel.lock:\n%s", w.lockBytes())
	}
	w.checkOutputs()
}

func TestEditRerendersOneVideoAndRevertDownloads(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	w.mustRender()
	first := *w.lock().Videos["studio"]

	w.write("videos/studio.yaml", fmt.Sprintf(studioYAML, "Hi, I'm Angela from Acme, now faster."))
	p := w.plan()
	if got := kinds(p); !slices.Equal(got, []string{"clip:ok", "photo:ok", "pixel:ok", "studio:render"}) {
		t.Fatalf("plan after one edit %v", got)
	}
	if a := w.action(p, "studio"); !strings.Contains(a.Reason, "script") {
		t.Errorf("reason %q does not name the script", a.Reason)
	}
	creates := w.creates()
	res := w.mustRender()
	if !slices.Equal(res.Done, []string{"studio"}) || w.creates() != creates+1 || len(w.charges()) != 5 {
		t.Fatalf("done %v, %d creates, %d charges; want studio only, 1 create, 5 charges", res.Done, w.creates()-creates, len(w.charges()))
	}
	edited := *w.lock().Videos["studio"]
	if edited.Key == first.Key || edited.Job == first.Job || edited.State != lock.Done {
		t.Fatalf("edited entry %+v", edited)
	}
	if len(edited.History) != 1 || edited.History[0].Key != first.Key || edited.History[0].Job != first.Job || edited.History[0].SHA256 != first.SHA256 {
		t.Fatalf("history %+v, want the first render", edited.History)
	}
	w.checkPaidOnce()
	w.checkOutputs()

	// Reverting the script re-uses the first render: a free download from
	// its job.
	w.write("videos/studio.yaml", fmt.Sprintf(studioYAML, "Hi, I'm Angela from Acme."))
	a := w.action(w.plan(), "studio")
	if a.Kind != plan.Download || a.From == nil || a.From.Job != first.Job {
		t.Fatalf("plan after revert: %s (%s), want a download from job %s", a.Kind, a.Reason, first.Job)
	}
	creates = w.creates()
	w.mustRender()
	if w.creates() != creates || len(w.charges()) != 5 {
		t.Fatalf("the revert created %d jobs, charges %v", w.creates()-creates, w.charges())
	}
	back := *w.lock().Videos["studio"]
	if back.Key != first.Key || back.Job != first.Job || back.State != lock.Done || back.CostUSD != first.CostUSD {
		t.Fatalf("entry after revert %+v, want the first render back", back)
	}
	for _, r := range back.History {
		if r.Key == back.Key {
			t.Errorf("history repeats the current render %s: %+v", r.Job, back.History)
		}
	}
	if len(back.History) != 1 || back.History[0].Key != edited.Key || back.History[0].Job != edited.Job {
		t.Errorf("history after revert %+v, want the edited render", back.History)
	}
	w.checkPaidOnce()
	w.checkOutputs()
	if got := kinds(w.plan()); !slices.Equal(got, []string{"clip:ok", "photo:ok", "pixel:ok", "studio:ok"}) {
		t.Fatalf("plan after revert run %v", got)
	}
}

// A run killed while every job is in flight (each has been submitted and
// polled once) leaves every job recorded; the next run resumes them all
// without a second create.
func TestKillWhileJobsAreInFlight(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	ctx, cancel := context.WithCancelCause(context.Background())
	defer cancel(nil)
	r := w.runner()
	var mu sync.Mutex
	sleeping := 0 // jobs waiting for their next poll now; a job woken early by another's poll round sleeps again
	r.Sleep = func(ctx context.Context, _ time.Duration) error {
		mu.Lock()
		if sleeping++; sleeping == len(allFour) {
			cancel(render.Interrupt{By: "Ctrl-C"}) // Ctrl-C once all four are waiting, as the CLI cancels
		}
		mu.Unlock()
		<-ctx.Done()
		mu.Lock()
		sleeping--
		mu.Unlock()
		return ctx.Err()
	}
	res := r.Run(ctx, w.plan())
	if len(res.Done) != 0 || len(res.Stopped) != 4 {
		t.Fatalf("killed run: %+v", res)
	}
	said := regexp.MustCompile(`^stopped by Ctrl-C while waiting for job \S+ \((queued|processing)\): it is recorded; run reel render again to resume$`)
	for id, err := range res.Stopped {
		if !said.MatchString(err.Error()) || !errors.Is(err, context.Canceled) {
			t.Errorf("%s: %v, want it to say, in words, what stopped it and that the job stays recorded", id, err)
		}
	}
	l := w.lock()
	for _, id := range allFour {
		if e := l.Videos[id]; e == nil || e.State != lock.Pending || e.Job == "" {
			t.Fatalf("%s after the kill: %+v, want pending with its job", id, e)
		}
	}
	if got := kinds(w.plan()); !slices.Equal(got, []string{"clip:resume", "photo:resume", "pixel:resume", "studio:resume"}) {
		t.Fatalf("plan after the kill %v", got)
	}
	creates := w.creates()
	w.mustRender()
	if w.creates() != creates || len(w.charges()) != 4 {
		t.Fatalf("resuming created %d jobs; charges %v", w.creates()-creates, w.charges())
	}
	for _, id := range allFour {
		if e := w.lock().Videos[id]; e.State != lock.Done || e.Job != l.Videos[id].Job {
			t.Errorf("%s: %s job %s, want done with job %s", id, e.State, e.Job, l.Videos[id].Job)
		}
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// Ctrl-C while a create is at HeyGen (accepted, answer not yet sent) lets
// the create be answered and records its job, so the rerun resumes it
// without sending it again. On v2, which cannot replay a create, that is
// the difference between resuming and sending the user to the dashboard.
// (A SIGKILL does abandon the create: the kill loop covers that.)
func TestCtrlCDuringCreateRecordsTheJob(t *testing.T) {
	for _, api := range []string{"v3", "v2"} {
		t.Run(api, func(t *testing.T) {
			t.Parallel()
			w := single(t, api, fake.HeyGenOptions{})
			held := w.hg.HoldCreates()
			ctx, cancel := context.WithCancel(context.Background())
			done := make(chan render.Result)
			go func() { done <- w.runner().Run(ctx, w.plan()) }()
			<-held
			cancel()
			w.hg.Release()
			res := <-done
			if err := res.Stopped["plain"]; err == nil || !strings.Contains(err.Error(), "it is recorded; run reel render again to resume") || strings.Contains(err.Error(), "context") {
				t.Fatalf("stopped create: %v, want it recorded", err)
			}
			e := w.lock().Videos["plain"]
			if e == nil || e.State != lock.Pending || e.Job == "" {
				t.Fatalf("after Ctrl-C: %+v, want pending with its job", e)
			}
			creates := w.creates()
			w.mustRender()
			if w.creates() != creates {
				t.Fatalf("the rerun sent %d more creates, want it to resume job %s", w.creates()-creates, e.Job)
			}
			if got := w.lock().Videos["plain"]; got.State != lock.Done || got.Job != e.Job {
				t.Fatalf("after the rerun: %+v, want job %s done", got, e.Job)
			}
			w.checkPaidOnce()
			w.checkOutputs()
		})
	}
}

// waitFor polls cond for up to 5 s of wall time: the fakes finish work a
// client gave up on in their own goroutines.
func waitFor(t *testing.T, cond func() bool) {
	t.Helper()
	for end := time.Now().Add(5 * time.Second); !cond(); {
		if time.Now().After(end) {
			t.Fatal("condition not met in 5s")
		}
		time.Sleep(time.Millisecond)
	}
	time.Sleep(5 * time.Millisecond) // let the fake finish its answer
}

// timeouts injects a create that the fake of vendor accepts (and charges)
// but whose answer stalls until the client's 150 ms timeout, for attempts
// requests. The timeout runs on a StallClock: it goes off as the fake
// stalls, and never on a request the fake answers.
func timeouts(w *world, vendor string, attempts int) *render.Runner {
	s := w.servers()[vendor]
	s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.SlowBody, Times: attempts})
	r := w.runner()
	o := &opener{w: w, slow: vendor, timeout: 150 * time.Millisecond, clock: providertest.NewStallClock(s)}
	r.Open = o.Open
	return r
}

func TestCreateTimeoutReplaysOnV3(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	// the first attempt and both retries (v3 creates carry an
	// Idempotency-Key, so the client may re-send them)
	res := timeouts(w, "heygen", 3).Run(context.Background(), w.plan())
	if err := res.Failed["plain"]; err == nil || !strings.Contains(err.Error(), "may have reached the provider") {
		t.Fatalf("timed-out create: %v", err)
	}
	if e := w.lock().Videos["plain"]; e.State != lock.Pending || e.Job != "" {
		t.Fatalf("after the timeout: %+v, want pending without a job", e)
	}
	if n, c := w.creates(), w.charges(); n != 3 || len(c) != 1 {
		t.Fatalf("%d creates, charges %v; want 3 attempts and one charge", n, c)
	}
	if a := w.action(w.plan(), "plain"); a.Kind != plan.Resume {
		t.Fatalf("plan: %s (%s), want resume", a.Kind, a.Reason)
	}
	w.mustRender()
	e := w.lock().Videos["plain"]
	if c := w.charges(); len(c) != 1 || c[0] != "heygen/"+e.Job || w.creates() != 4 {
		t.Fatalf("charges %v, entry %+v, %d creates; want the replayed job", c, e, w.creates())
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// A v3 video with an uploaded asset: the rerun uploads it again, and the
// replay needs the same body, so it needs the same asset id.
func TestCreateTimeoutReplaysOnV3WithAsset(t *testing.T) {
	t.Parallel()
	w := newWorld(t, map[string]string{
		"reel.yaml":         fmt.Sprintf(reelYAML, "v3"),
		"assets/anna.png":   pngAsset,
		"videos/photo.yaml": fmt.Sprintf(photoYAML, "Acme two is here."),
	}, fake.HeyGenOptions{ContentAssetIDs: true})
	res := timeouts(w, "heygen", 3).Run(context.Background(), w.plan())
	if res.Failed["photo"] == nil {
		t.Fatal("the timed-out create did not fail")
	}
	w.mustRender()
	e := w.lock().Videos["photo"]
	if c := w.charges(); len(c) != 1 || c[0] != "heygen/"+e.Job {
		t.Fatalf("charges %v, entry %+v; want the replayed job", c, e)
	}
	w.checkOutputs()
}

// Without an idempotency key (fal, HeyGen v2) a create that may have been
// accepted is never sent again: the entry stays pending without a job, and
// reruns refuse, saying why and what to do.
func TestCreateTimeoutWithoutIdempotencyIsNotResent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		vendor string
		w      func(t *testing.T) *world
		id     string
	}{
		{"fal", mixed, "clip"},
		{"heygen", func(t *testing.T) *world { return single(t, "v2", fake.HeyGenOptions{API: fake.HeyGenV2}) }, "plain"},
	} {
		t.Run(tc.vendor, func(t *testing.T) {
			t.Parallel()
			w := tc.w(t)
			s := w.servers()[tc.vendor]
			res := timeouts(w, tc.vendor, 1).Run(context.Background(), w.plan())
			if err := res.Failed[tc.id]; err == nil || !strings.Contains(err.Error(), "will not send it again") {
				t.Fatalf("timed-out create: %v", err)
			}
			e := w.lock().Videos[tc.id]
			if e.State != lock.Pending || e.Job != "" {
				t.Fatalf("after the timeout: %+v, want pending without a job", e)
			}
			charges := w.charges()
			if n := len(s.Requests(fake.RouteCreate)); n != 1 || len(s.Ledger()) != 1 {
				t.Fatalf("%d creates, ledger %v; want one create, charged", n, s.Ledger())
			}
			for range 2 {
				if a := w.action(w.plan(), tc.id); a.Kind != plan.Resume || !strings.Contains(a.Reason, "not confirmed") {
					t.Fatalf("plan: %s (%s), want resume of an unconfirmed create", a.Kind, a.Reason)
				}
				res = w.render()
				err := res.Failed[tc.id]
				if err == nil || !strings.Contains(err.Error(), "cannot replay it safely") || !strings.Contains(err.Error(), "dashboard") {
					t.Fatalf("rerun: %v, want a refusal that says what to do", err)
				}
				if n := len(s.Requests(fake.RouteCreate)); n != 1 || !slices.Equal(w.charges(), charges) {
					t.Fatalf("the rerun created again: %d creates, charges %v", n, w.charges())
				}
			}
		})
	}
}

func TestLateFailureIsRecordedAndRerendered(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	const why = "Insufficient balance: add funds to your fal account"
	w.fal.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Code: "insufficient_balance", Message: why, Times: 1})
	res := w.render()
	if err := res.Failed["clip"]; len(res.Failed) != 1 || err == nil || !strings.Contains(err.Error(), why) {
		t.Fatalf("failed %v, want clip only, with fal's reason", res.Failed)
	}
	if !slices.Equal(res.Done, []string{"photo", "pixel", "studio"}) {
		t.Fatalf("done %v: one failure must not stop the others", res.Done)
	}
	e := w.lock().Videos["clip"]
	if e.State != lock.Failed || !strings.Contains(e.Error, why) || e.Job == "" {
		t.Fatalf("failed entry %+v", e)
	}
	a := w.action(w.plan(), "clip")
	if a.Kind != plan.Render || !strings.Contains(a.Reason, why) {
		t.Fatalf("plan after a failure: %s (%s), want a render that says why", a.Kind, a.Reason)
	}
	w.mustRender()
	if e := w.lock().Videos["clip"]; e.State != lock.Done || e.Error != "" {
		t.Fatalf("after the rerender %+v", e)
	}
	if n := len(w.fal.Server().Ledger()); n != 1 {
		t.Fatalf("fal charged %d times, want once (the failed job is not billed)", n)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// HeyGen v2 takes a create it cannot pay for and fails it at poll time.
func TestCreditsRunOutOnV2(t *testing.T) {
	t.Parallel()
	w := single(t, "v2", fake.HeyGenOptions{API: fake.HeyGenV2})
	w.hg.SetCredits(0)
	res := w.render()
	if err := res.Failed["plain"]; err == nil || !strings.Contains(err.Error(), "Insufficient credit") {
		t.Fatalf("result %+v, want plain failed for credits", res)
	}
	if e := w.lock().Videos["plain"]; e.State != lock.Failed || !strings.Contains(e.Error, "Insufficient credit") {
		t.Fatalf("entry %+v", e)
	}
	if len(w.charges()) != 0 {
		t.Fatalf("charges %v", w.charges())
	}
	w.hg.SetCredits(100)
	if a := w.action(w.plan(), "plain"); a.Kind != plan.Render {
		t.Fatalf("plan %s (%s), want render", a.Kind, a.Reason)
	}
	w.mustRender()
	if len(w.charges()) != 1 {
		t.Fatalf("charges %v", w.charges())
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

func TestExpiredMediaURLIsRefreshed(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	r := w.runner()
	var downloads int
	r.Media = doerFunc(func(req *http.Request) (*http.Response, error) {
		if downloads++; downloads == 1 {
			w.clock.Advance(2 * time.Hour) // the URL expires before it is used
		}
		return http.DefaultTransport.RoundTrip(req)
	})
	res := r.Run(context.Background(), w.plan())
	if len(res.Failed) != 0 {
		t.Fatalf("failed: %v", res.Failed)
	}
	var media []fake.Request // of the video; the thumbnail comes after it
	for _, m := range w.hg.Server().Requests(fake.RouteMedia) {
		if !strings.Contains(m.Path, "/sidecars/") {
			media = append(media, m)
		}
	}
	if len(media) != 2 || media[0].Query == media[1].Query {
		t.Fatalf("%d media requests, want an expired one and a fresh one", len(media))
	}
	w.checkOutputs()
}

func TestTruncatedMediaIsNotRecorded(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	w.hg.Server().Inject(fake.RouteMedia, fake.Fault{Kind: fake.Truncated})
	res := w.render()
	if err := res.Failed["plain"]; err == nil || !strings.Contains(err.Error(), "not recorded") {
		t.Fatalf("truncated download: %v", err)
	}
	if _, err := os.Stat(filepath.Join(w.dir, "out", "plain.mp4")); err == nil {
		t.Fatal("a truncated download was written as the output")
	}
	w.checkOutputs() // nothing partial left behind
	e := w.lock().Videos["plain"]
	if e.State != lock.Pending || e.Job == "" || e.SHA256 != "" {
		t.Fatalf("entry %+v, want pending with its job", e)
	}
	w.hg.Server().Clear(fake.RouteMedia)
	if a := w.action(w.plan(), "plain"); a.Kind != plan.Resume {
		t.Fatalf("plan %s (%s), want resume", a.Kind, a.Reason)
	}
	w.mustRender()
	w.checkOutputs()
	good := w.lockBytes()

	// An output that differs is fetched again; a truncated body then leaves
	// the file on disk as it was and the lock alone.
	out := filepath.Join(w.dir, "out", "plain.mp4")
	os.WriteFile(out, []byte("edited by hand"), 0o644)
	if a := w.action(w.plan(), "plain"); a.Kind != plan.Download {
		t.Fatalf("plan %s (%s), want download", a.Kind, a.Reason)
	}
	w.hg.Server().Inject(fake.RouteMedia, fake.Fault{Kind: fake.Truncated})
	if res := w.render(); res.Failed["plain"] == nil {
		t.Fatal("the truncated re-download did not fail")
	}
	if b, _ := os.ReadFile(out); string(b) != "edited by hand" || !bytes.Equal(w.lockBytes(), good) {
		t.Fatalf("a failed download touched the output (%q) or the lock", b)
	}
	w.hg.Server().Clear(fake.RouteMedia)
	w.mustRender()
	if !bytes.Equal(w.lockBytes(), good) || len(w.charges()) != 1 {
		t.Fatalf("the re-download changed the lock or charged: %v", w.charges())
	}
	w.checkOutputs()
}

func TestMediaThatIsNotMP4IsRefused(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{Options: fake.Options{Media: map[string][]byte{
		"16x9.mp4": []byte("<html><body>Access denied</body></html>"),
	}}})
	res := w.render()
	if err := res.Failed["plain"]; err == nil || !strings.Contains(err.Error(), "not an MP4") {
		t.Fatalf("result %+v, want a refusal of the body", res)
	}
	if _, err := os.Stat(filepath.Join(w.dir, "out", "plain.mp4")); err == nil {
		t.Fatal("a body that is not an MP4 was written as the output")
	}
	w.checkOutputs()
	if e := w.lock().Videos["plain"]; e.State != lock.Pending || e.Job == "" || e.SHA256 != "" {
		t.Fatalf("entry %+v, want pending with its job, no output", e)
	}
}

// Two reel processes on one project, each rendering its own videos, both
// write reel.lock; neither loses the other's entries.
func TestTwoRunnersOnOneProject(t *testing.T) {
	t.Parallel()
	files := map[string]string{"reel.yaml": fmt.Sprintf(reelYAML, "v3")}
	const n = 12
	for i := range n {
		files[fmt.Sprintf("videos/v%02d.yaml", i)] = fmt.Sprintf(plainYAML, fmt.Sprintf("Video number %d.", i))
	}
	w := newWorld(t, files, fake.HeyGenOptions{})
	all := w.plan()
	var halves [2]*plan.Plan
	for i := range halves {
		halves[i] = &plan.Plan{}
	}
	for i, a := range all.Actions {
		halves[i%2].Actions = append(halves[i%2].Actions, a)
	}
	var wg sync.WaitGroup
	var results [2]render.Result
	for i := range halves {
		r := w.runner()
		r.Concurrency = 3
		wg.Add(1)
		go func() {
			defer wg.Done()
			results[i] = r.Run(context.Background(), halves[i])
		}()
	}
	wg.Wait()
	for i, res := range results {
		if len(res.Failed) != 0 || len(res.Done) != n/2 {
			t.Errorf("runner %d: %+v", i, res)
		}
	}
	l := w.lock()
	if len(l.Videos) != n {
		t.Fatalf("lock has %d entries, want %d: %v", len(l.Videos), n, entries(l))
	}
	for id, e := range l.Videos {
		if e.State != lock.Done {
			t.Errorf("%s: %s", id, e.State)
		}
	}
	if len(w.charges()) != n {
		t.Fatalf("%d charges, want %d", len(w.charges()), n)
	}
	w.checkPaidOnce()
	w.checkOutputs()
	for _, a := range w.plan().Actions {
		if a.Kind != plan.OK {
			t.Errorf("%s: %s (%s)", a.ID, a.Kind, a.Reason)
		}
	}
}

// Two reel processes that planned the same videos at once: whichever
// records its intent first renders each video; the other does not pay
// for it again, even where the API has no idempotency key.
func TestTwoRunnersOnTheSameVideos(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	p1, p2 := w.plan(), w.plan()
	var wg sync.WaitGroup
	for _, p := range []*plan.Plan{p1, p2} {
		r := w.runner()
		wg.Add(1)
		go func() {
			defer wg.Done()
			r.Run(context.Background(), p)
		}()
	}
	wg.Wait()
	w.mustRender() // resume whatever the loser of a race left to the winner
	if c := w.charges(); len(c) != 4 {
		t.Fatalf("charges %v, want one per video", c)
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

type doerFunc func(*http.Request) (*http.Response, error)

func (f doerFunc) Do(r *http.Request) (*http.Response, error) { return f(r) }

// hooked is a real client with a hook run after each successful create.
type hooked struct {
	provider.Provider
	after func()
}

func (h hooked) Submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	id, err := h.Provider.Submit(ctx, s)
	if err == nil {
		h.after()
	}
	return id, err
}

// Ctrl-C right after a create, while another writer holds reel.lock (a
// second video of the same run, say): the job id is still recorded, so
// the rerun resumes it instead of refusing to pay for it again.
func TestJobRecordedWhenStoppedWhileLockBusy(t *testing.T) {
	t.Parallel()
	w := newWorld(t, map[string]string{
		"reel.yaml":        fmt.Sprintf(reelYAML, "v3"),
		"assets/anna.png":  pngAsset,
		"videos/clip.yaml": fmt.Sprintf(clipYAML, "A short clip."),
	}, fake.HeyGenOptions{})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := w.runner()
	open := r.Open
	r.Open = func(name string) (provider.Provider, error) {
		p, err := open(name)
		return hooked{p, func() {
			held, release := make(chan struct{}), make(chan struct{})
			go lock.Update(w.lockPath(), func(*lock.Lock) error { close(held); <-release; return nil })
			<-held
			cancel()
			time.AfterFunc(20*time.Millisecond, func() { close(release) })
		}}, err
	}
	res := r.Run(ctx, w.plan())
	if res.Stopped["clip"] == nil {
		t.Fatalf("the stopped run did not report clip: %+v", res)
	}
	e := w.lock().Videos["clip"]
	jobs := w.fal.Server().Jobs()
	if len(jobs) != 1 || e.State != lock.Pending || e.Job != jobs[0].ID {
		t.Fatalf("entry %+v; want pending with fal's job (%d jobs)", e, len(jobs))
	}
	w.mustRender()
	if c := w.charges(); len(c) != 1 || w.creates() != 1 {
		t.Fatalf("charges %v, %d creates", c, w.creates())
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// Ctrl-C stops submitting: the video in flight stays recorded with its
// job, and the videos not yet started record nothing, so the rerun creates
// them as usual rather than refusing an unconfirmed create.
func TestStopSubmittingOnCtrlC(t *testing.T) {
	t.Parallel()
	w := mixed(t)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	r := w.runner()
	r.Concurrency = 1
	r.Sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	res := r.Run(ctx, w.plan())
	if len(res.Stopped) != 4 {
		t.Fatalf("stopped run: %+v", res)
	}
	before, waiting := 0, 0
	for id, err := range res.Stopped {
		switch msg := err.Error(); {
		case msg == "stopped before submitting: no render was paid for; run reel render again to render it":
			before++
		case strings.HasPrefix(msg, "stopped while waiting for job "):
			waiting++
		default:
			t.Errorf("%s: %q, want where it stood when stopped", id, msg)
		}
	}
	if before != 3 || waiting != 1 {
		t.Errorf("%d stopped before submitting, %d while waiting; want 3 and 1", before, waiting)
	}
	l := w.lock()
	if len(l.Videos) != 1 || w.creates() != 1 {
		t.Fatalf("after Ctrl-C: %v, %d creates; want the one video in flight only", entries(l), w.creates())
	}
	for id, e := range l.Videos {
		if e.State != lock.Pending || e.Job == "" {
			t.Fatalf("%s: %s job %q, want pending with its job", id, e.State, e.Job)
		}
	}
	w.mustRender()
	if c := w.charges(); len(c) != 4 || w.creates() != 4 {
		t.Fatalf("charges %v, %d creates", c, w.creates())
	}
	w.checkPaidOnce()
	w.checkOutputs()
}

// A job just created is queued: its first check waits for a poll round
// instead of costing a status call at once, so every status check of a
// render follows a wait.
func TestFreshJobIsNotAskedAboutAtOnce(t *testing.T) {
	t.Parallel()
	w := single(t, "v3", fake.HeyGenOptions{})
	r := w.runner()
	waits := 0
	r.Sleep = func(ctx context.Context, d time.Duration) error {
		waits++ // one job: its waits come one at a time
		return w.sleep(ctx, d)
	}
	if res := r.Run(context.Background(), w.plan()); len(res.Failed) > 0 || res.Rendered != 1 {
		t.Fatalf("render: %+v", res)
	}
	// one GET of the video per wait, and one more once it is done: its
	// details, for the download URL
	if n := len(w.hg.Server().Requests(fake.RouteStatus)); n != waits+1 {
		t.Errorf("%d GETs of the video after %d waits, want one per wait and one for its URL", n, waits)
	}
}

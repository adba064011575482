package render_test

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/gmi"
)

// gmiYAML is a GMI Cloud video: HeyGen v2's body for GMI's model.
const gmiYAML = `provider: gmi
avatar: {id: Angela-inTshirt-20220820}
voice: {id: 1bd001e7e50f421d891986aad5158bc8}
scenes:
  - script: %s
`

// A job cancelled at the provider (in its console; HeyGen, which has no
// cancel, deletes it), on every API, fails its video with a message that
// says so and names the provider; the run
// ends without polling it on, sends no second create, and records the
// video failed with its job. The next plan says the video renders again,
// and why, before anything is paid: it is never re-created silently.
func TestCancelledJobFailsCleanlyOnEveryAPI(t *testing.T) {
	apis := append([]mxProvider(nil), mxProviders...)
	apis = append(apis, mxProvider{name: "gmi/" + gmi.DefaultModel, vendor: "gmi", api: "v3", video: "queued", manifest: gmiYAML})
	for _, api := range apis {
		t.Run(api.name, func(t *testing.T) {
			t.Parallel()
			w := newWorld(t, map[string]string{
				"reel.yaml":                     fmt.Sprintf(reelYAML, api.api),
				"assets/anna.png":               pngAsset,
				"assets/line.wav":               wavAsset,
				"videos/" + api.video + ".yaml": fmt.Sprintf(api.manifest, "Cancelled in the console."),
			}, fake.HeyGenOptions{})
			servers := w.servers()
			r := w.runner()
			if api.vendor == "gmi" {
				g := fake.NewGMI(fake.GMIOptions{Options: fake.Options{Clock: w.clock}})
				t.Cleanup(g.Close)
				servers["gmi"] = g.Server()
				open := r.Open
				r.Open = func(name string) (provider.Provider, error) {
					if strings.HasPrefix(name, "gmi/") {
						return gmi.New(gmi.Config{BaseURL: g.BaseURL(), Key: g.Key(), Model: strings.TrimPrefix(name, "gmi/"), HTTPOptions: quietHTTP()})
					}
					return open(name)
				}
			}
			s := servers[api.vendor]
			s.Inject(fake.RouteCreate, fake.Fault{Kind: fake.Cancelled, Times: 1})

			res := r.Run(context.Background(), w.plan())
			err := res.Failed[api.video]
			if err == nil || len(res.Done) != 0 {
				t.Fatalf("done %v, failed %v; want %s failed", res.Done, errs(res.Failed), api.video)
			}
			msg := err.Error()
			t.Logf("reel: %s: %s", api.video, msg)
			if !cancelled.MatchString(msg) || !strings.Contains(msg, api.name) ||
				!strings.Contains(msg, "the next reel render renders it again, as a new job that is paid for again") {
				t.Errorf("message %q does not say the job was cancelled at %s and what the next run does", msg, api.name)
			}
			if n, polls := len(s.Requests(fake.RouteCreate)), len(s.Requests(fake.RouteStatus)); n != 1 || polls > 12 {
				t.Errorf("%d creates and %d status calls; want 1 create, and the job given up once cancelled", n, polls)
			}
			e := w.lock().Videos[api.video]
			if e == nil || e.State != lock.Failed || e.Job == "" || !cancelled.MatchString(e.Error) {
				t.Fatalf("reel.lock has %+v, want failed with its job and the reason", e)
			}
			a := w.action(w.plan(), api.video)
			if a.Kind != plan.Render || !strings.Contains(a.Reason, "failed") {
				t.Fatalf("the next plan: %s (%s), want a re-render that says the last one failed", a.Kind, a.Reason)
			}
		})
	}
}

// cancelled matches the words of a cancelled job: HeyGen's fake says a
// video was deleted before it finished.
var cancelled = regexp.MustCompile(`(?i)cancel|deleted before it finished`)

// quietHTTP is a client's HTTP options for tests: no waits, no debug.
func quietHTTP() provider.HTTPOptions {
	return provider.HTTPOptions{Retry: provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }}, Debug: io.Discard}
}

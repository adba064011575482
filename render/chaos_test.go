package render_test

// TCP-level faults of the fault matrix, through a real chaos proxy
// (Shopify's toxiproxy, in process) between reel's clients and the fakes:
// a connection reset in the middle of a media download, latency on status
// calls beyond the client's timeout, and a bandwidth limit that slows a
// download without breaking it.

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	toxiproxy "github.com/Shopify/toxiproxy/v2"
	"github.com/rs/zerolog"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/fal"
	"github.com/reel-dev/reel/render/provider/heygen"
	"github.com/reel-dev/reel/render/provider/pixeldojo"
	"github.com/reel-dev/reel/render/provider/providertest"
)

// chaosMedia is the video the fakes serve through the proxy: 192 KiB, so a
// bandwidth limit takes a while and a reset lands mid-body.
var chaosMedia = append([]byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41\x00\x00\x00\x08moov\x00\x03\x00\x08mdat"), make([]byte, 192<<10)...)

var (
	toxiOnce sync.Once
	toxiAPI  *toxiproxy.ApiServer
)

// proxyTo starts a toxiproxy proxy on loopback in front of upstream (a
// URL) and returns it and its http:// root.
func proxyTo(t *testing.T, name, upstream string) (*toxiproxy.Proxy, string) {
	t.Helper()
	toxiOnce.Do(func() {
		zerolog.SetGlobalLevel(zerolog.Disabled) // toxics log through the global logger
		toxiAPI = toxiproxy.NewServer(toxiproxy.NewMetricsContainer(nil), zerolog.Nop())
	})
	u, err := url.Parse(upstream)
	if err != nil {
		t.Fatal(err)
	}
	p := toxiproxy.NewProxy(toxiAPI, name, "127.0.0.1:0", u.Host)
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(p.Stop)
	return p, "http://" + p.Listen
}

func addToxic(t *testing.T, p *toxiproxy.Proxy, name, typ string, attrs string) {
	t.Helper()
	js := fmt.Sprintf(`{"name":%q,"type":%q,"stream":"downstream","attributes":%s}`, name, typ, attrs)
	if _, err := p.Toxics.AddToxicJson(strings.NewReader(js)); err != nil {
		t.Fatalf("toxic %s: %v", name, err)
	}
}

// removeToxics clears a proxy's toxics. The proxy is stopped first, which
// closes its connections: removing a toxic from a link a reset has killed
// waits seconds in toxiproxy for data that will never flow.
func removeToxics(t *testing.T, p *toxiproxy.Proxy) {
	t.Helper()
	p.Stop()
	p.Toxics.ResetToxics(context.Background())
	if err := p.Start(); err != nil {
		t.Fatal(err)
	}
}

// chaosWorld is a matrix world whose fakes serve chaosMedia, with one
// proxy in front of the provider's API and one in front of its media host.
type chaosWorld struct {
	*world
	p          mxProvider
	api, media *toxiproxy.Proxy
	apiURL     string
	mediaURL   string
}

func newChaosWorld(t *testing.T, p mxProvider) *chaosWorld {
	w := &world{t: t, dir: t.TempDir(), clock: fake.NewManualClock(fake.Epoch)}
	o := fake.Options{Clock: w.clock, Media: map[string][]byte{"big.mp4": chaosMedia}}
	w.hg = fake.NewHeyGen(fake.HeyGenOptions{Options: o, API: p.api, Key: canaryKeys["heygen"]})
	w.fal = fake.NewFal(fake.FalOptions{Options: o, Key: canaryKeys["fal"]})
	w.pd = fake.NewPixelDojo(fake.PixelDojoOptions{Options: o, Key: canaryKeys["pixeldojo"]})
	t.Cleanup(func() { w.hg.Close(); w.fal.Close(); w.pd.Close() })
	w.write("reel.yaml", fmt.Sprintf(reelYAML, p.api))
	w.write("assets/anna.png", pngAsset)
	w.write("assets/line.wav", wavAsset)
	w.write("videos/"+p.video+".yaml", fmt.Sprintf(p.manifest, "Chaos between reel and the provider."))
	c := &chaosWorld{world: w, p: p}
	s := w.servers()[p.vendor]
	c.api, c.apiURL = proxyTo(t, t.Name()+"/api", s.URL())
	c.media, c.mediaURL = proxyTo(t, t.Name()+"/media", s.MediaBase())
	return c
}

// runner builds a Runner whose clients reach the API through the proxy,
// each attempt bounded by timeout on clock (nil: the wall clock), and
// whose media downloads go through the media proxy, abandoned after stall
// without data (on the wall clock). after runs once a create has
// succeeded; onMedia once the first media bytes arrive.
func (c *chaosWorld) runner(timeout, stall time.Duration, clock provider.Clock, after, onMedia func()) *render.Runner {
	r := c.world.runner()
	hopts := provider.HTTPOptions{
		Timeout: timeout,
		Clock:   clock,
		Retry:   provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }, Jitter: func() float64 { return 1 }},
		Debug:   io.Discard,
	}
	w := c.world
	var once sync.Mutex
	opened := map[string]provider.Provider{}
	r.Open = func(name string) (provider.Provider, error) {
		once.Lock()
		defer once.Unlock()
		if p, ok := opened[name]; ok {
			return p, nil
		}
		var p provider.Provider
		var err error
		switch vendor, api, _ := strings.Cut(name, "/"); vendor {
		case "heygen":
			p, err = heygen.New(heygen.Config{API: api, BaseURL: c.apiURL, UploadURL: w.hg.UploadURL(), Key: w.hg.Key(), HTTPOptions: hopts})
		case "fal":
			p, err = fal.New(fal.Config{QueueURL: c.apiURL, RestURL: w.fal.RestURL(), Key: w.fal.Key(), HTTPOptions: hopts})
		case "pixeldojo":
			p, err = pixeldojo.New(pixeldojo.Config{BaseURL: c.apiURL + "/api/v1", Key: w.pd.Key(), HTTPOptions: hopts})
		}
		if err != nil {
			return nil, err
		}
		if after != nil {
			p = hooked{p, after}
		}
		opened[name] = p
		return p, nil
	}
	mediaHost := strings.TrimPrefix(c.world.servers()[c.p.vendor].MediaBase(), "http://")
	proxied := strings.TrimPrefix(c.mediaURL, "http://")
	client := provider.Stall(&http.Client{}, stall, nil)
	var first sync.Once
	r.Media = doerFunc(func(req *http.Request) (*http.Response, error) {
		if req.URL.Host == mediaHost {
			req = req.Clone(req.Context())
			req.URL.Host, req.Host = proxied, ""
		}
		resp, err := client.Do(req)
		if err == nil && onMedia != nil && req.URL.Host == proxied {
			resp.Body = &firstRead{ReadCloser: resp.Body, fn: func() { first.Do(onMedia) }}
		}
		return resp, err
	})
	return r
}

// firstRead calls fn when the first bytes of a body arrive.
type firstRead struct {
	io.ReadCloser
	fn func()
}

func (f *firstRead) Read(p []byte) (int, error) {
	n, err := f.ReadCloser.Read(p)
	if n > 0 {
		f.fn()
	}
	return n, err
}

func TestChaosProxy(t *testing.T) {
	start := time.Now()
	n := 0
	t.Cleanup(func() {
		t.Logf("chaos proxy: %d cells (%d providers × reset mid-body, latency, bandwidth) in %s", n, len(mxProviders), time.Since(start).Round(time.Millisecond))
	})
	for _, p := range mxProviders {
		for _, cell := range []struct {
			name string
			run  func(t *testing.T, c *chaosWorld)
		}{
			{"reset_peer mid-body on media download", chaosResetMidBody},
			{"latency on status past the client timeout", chaosStatusLatency},
			{"bandwidth limit on media download", chaosBandwidth},
		} {
			n++
			t.Run(p.name+"/"+cell.name, func(t *testing.T) {
				t.Parallel()
				cell.run(t, newChaosWorld(t, p))
			})
		}
	}
}

// A connection reset while the video streams in: nothing partial is left,
// nothing recorded; the rerun fetches it, free. The bounds are the
// defaults, which no answer through the proxy comes near.
func chaosResetMidBody(t *testing.T, c *chaosWorld) {
	addToxic(t, c.media, "slow", "bandwidth", `{"rate":64}`)
	reset := func() { addToxic(t, c.media, "reset", "reset_peer", `{"timeout":0}`) }
	res := c.runner(provider.DefaultTimeout, provider.MediaStall, nil, nil, reset).Run(context.Background(), c.plan())
	c.checkNoCanary(res, nil)
	err := res.Failed[c.p.video]
	if err == nil || !strings.Contains(err.Error(), "download of job") || !strings.Contains(err.Error(), "reset by peer") && !strings.Contains(err.Error(), "EOF") {
		t.Fatalf("reset mid-body: %v (%+v), want a failed download naming the reset", err, res)
	}
	t.Logf("reel: %s: %v", c.p.video, err)
	chaosRerun(t, c, lockPendingJob)
}

// Status calls slower than the client's timeout fail the run with what
// happened; the job stays recorded and the rerun resumes it. Once the
// create is answered the proxy holds every answer for an hour, and the
// clients' timeout, on a stall clock, goes off at once from then on:
// before, it never does, however slow the machine.
func chaosStatusLatency(t *testing.T, c *chaosWorld) {
	clock := providertest.NewStallClock()
	slow := func() {
		addToxic(t, c.api, "latency", "latency", `{"latency":3600000}`)
		clock.Expire()
	}
	res := c.runner(mxTimeout, provider.MediaStall, clock, slow, nil).Run(context.Background(), c.plan())
	c.checkNoCanary(res, nil)
	err := res.Failed[c.p.video]
	if err == nil || !strings.Contains(err.Error(), "status of job") || !strings.Contains(err.Error(), "within "+mxTimeout.String()) {
		t.Fatalf("slow status: %v (%+v), want a failed status call naming the timeout", err, res)
	}
	t.Logf("reel: %s: %v", c.p.video, err)
	chaosRerun(t, c, lockPendingJob)
}

// A download slower than the stall bound in all, but never idle that
// long, completes and is verified. The proxy sends a slice every 100 ms,
// a twentieth of the bound: a wide margin, which a loaded machine does
// not close.
func chaosBandwidth(t *testing.T, c *chaosWorld) {
	addToxic(t, c.media, "slow", "bandwidth", `{"rate":64}`) // 192 KiB at 64 KB/s: 3 s
	const stall = 2 * time.Second
	var began time.Time
	res := c.runner(provider.DefaultTimeout, stall, nil, nil, func() { began = time.Now() }).Run(context.Background(), c.plan())
	c.checkNoCanary(res, nil)
	if len(res.Done) != 1 || len(res.Failed) != 0 {
		t.Fatalf("bandwidth-limited run: %+v", res)
	}
	if took := time.Since(began); took < stall {
		t.Fatalf("the download took %s: the bandwidth limit did not apply", took)
	}
	if e := c.lock().Videos[c.p.video]; e.Size != int64(len(chaosMedia)) {
		t.Fatalf("recorded %d bytes, want %d", e.Size, len(chaosMedia))
	}
	c.checkOutputs()
	c.checkLockClean()
	if _, unknown := c.paidJobs(nil); len(unknown) > 0 || len(c.charges()) != 1 {
		t.Fatalf("charges %v", c.charges())
	}
}

// chaosRerun checks the state the fault left, clears the proxy and runs
// again: done, paid once.
func chaosRerun(t *testing.T, c *chaosWorld, want string) {
	t.Helper()
	if st := lockState(c.lock(), c.p.video); st != want {
		t.Fatalf("after the fault reel.lock has %s, want %s", st, want)
	}
	c.checkOutputs()
	c.checkLockClean()
	charged := c.charges()
	removeToxics(t, c.api)
	removeToxics(t, c.media)
	res := c.runner(provider.DefaultTimeout, provider.MediaStall, nil, nil, nil).Run(context.Background(), c.plan())
	c.checkNoCanary(res, nil)
	if len(res.Done) != 1 || len(res.Failed) != 0 {
		t.Fatalf("rerun: %+v", res)
	}
	c.checkOutputs()
	c.checkLockClean()
	if got := c.charges(); len(charged) != 1 || strings.Join(got, " ") != strings.Join(charged, " ") {
		t.Fatalf("charges %v before the rerun, %v after; want the one job, paid once", charged, got)
	}
	c.checkPaidOnce()
}

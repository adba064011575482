package render_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/mediacheck"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/fal"
	"github.com/reel-dev/reel/render/provider/heygen"
	"github.com/reel-dev/reel/render/provider/pixeldojo"
	"github.com/reel-dev/reel/render/provider/registry"
)

// Tiny header-only assets: enough for the manifest loader to sniff them and
// for the fakes to accept them as uploads.
var (
	pngAsset = "\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"
	wavAsset = wav(1600) // 0.1 s of 8 kHz 16-bit mono silence
)

func wav(data int) string {
	le32 := func(n int) string { return string([]byte{byte(n), byte(n >> 8), byte(n >> 16), byte(n >> 24)}) }
	le16 := func(n int) string { return string([]byte{byte(n), byte(n >> 8)}) }
	return "RIFF" + le32(36+data) + "WAVE" +
		"fmt " + le32(16) + le16(1) + le16(1) + le32(8000) + le32(16000) + le16(2) + le16(16) +
		"data" + le32(data) + strings.Repeat("\x00", data)
}

// pollStep is the runner's poll interval; the injected sleep moves the
// fakes' shared clock by it instead of waiting.
const pollStep = 5 * time.Second

// world is one project on disk and the fakes its providers point at, all
// on one manual clock.
type world struct {
	t     *testing.T
	dir   string
	clock *fake.ManualClock
	hg    *fake.HeyGen
	fal   *fake.Fal
	pd    *fake.PixelDojo
	// lag delays every answer to the fault matrix's clients (see mxRun),
	// as a machine too loaded to run them at once does.
	lag time.Duration
}

// newWorld writes files (slash paths relative to the project root) into a
// fresh temp folder and starts the fakes.
func newWorld(t *testing.T, files map[string]string, hgo fake.HeyGenOptions) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), clock: fake.NewManualClock(fake.Epoch)}
	hgo.Clock = w.clock
	w.hg = fake.NewHeyGen(hgo)
	w.fal = fake.NewFal(fake.FalOptions{Options: fake.Options{Clock: w.clock}})
	w.pd = fake.NewPixelDojo(fake.PixelDojoOptions{Options: fake.Options{Clock: w.clock}})
	t.Cleanup(func() { w.hg.Close(); w.fal.Close(); w.pd.Close() })
	for name, content := range files {
		w.write(name, content)
	}
	return w
}

func (w *world) write(name, content string) {
	w.t.Helper()
	p := filepath.Join(w.dir, filepath.FromSlash(name))
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		w.t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		w.t.Fatal(err)
	}
}

// load reads reel.yaml and every manifest as the CLI does; any manifest
// error fails the test.
func (w *world) load() *manifest.Set {
	w.t.Helper()
	p, err := manifest.LoadProject(w.dir)
	if err != nil {
		w.t.Fatalf("LoadProject: %v", err)
	}
	set, err := manifest.Load(p, manifest.Options{Providers: registry.Manifest()})
	if err != nil {
		w.t.Fatalf("Load: %v", err)
	}
	if len(set.Errors) > 0 {
		w.t.Fatalf("manifest errors:\n%s", set.Errors.Error())
	}
	return set
}

func (w *world) lockPath() string { return filepath.Join(w.dir, lock.FileName) }

func (w *world) lock() *lock.Lock {
	w.t.Helper()
	l, err := lock.Read(w.lockPath())
	if err != nil {
		w.t.Fatal(err)
	}
	return l
}

func (w *world) lockBytes() []byte {
	w.t.Helper()
	b, err := os.ReadFile(w.lockPath())
	if err != nil {
		w.t.Fatal(err)
	}
	return b
}

// plan is reel plan: the manifests, the lock and output_dir as on disk.
func (w *world) plan() *plan.Plan {
	w.t.Helper()
	set := w.load()
	p, err := plan.Make(set.Videos, w.lock(), plan.NewPrices(set.Project.Config.Pricing), planner.StatOutputs(set.Project.OutputDir))
	if err != nil {
		w.t.Fatal(err)
	}
	p.DropOrphans()
	return p
}

// kinds is the plan as "id:kind", sorted by id.
func kinds(p *plan.Plan) []string {
	var out []string
	for _, a := range p.Actions {
		out = append(out, a.ID+":"+string(a.Kind))
	}
	return out
}

func (w *world) action(p *plan.Plan, id string) plan.Action {
	w.t.Helper()
	for _, a := range p.Actions {
		if a.ID == id {
			return a
		}
	}
	w.t.Fatalf("no action for %s in %v", id, kinds(p))
	return plan.Action{}
}

// opener hands out real clients pointed at the world's fakes, one per
// provider name, as render.Providers does.
type opener struct {
	w       *world
	slow    string         // the vendor whose clients get timeout on clock
	timeout time.Duration  // per HTTP attempt
	clock   provider.Clock // runs timeout: a StallClock, so only a stalled request times out
	lag     time.Duration  // added before every answer to the slow vendor's clients
	mu      sync.Mutex
	open    map[string]provider.Provider
}

func (o *opener) Open(name string) (provider.Provider, error) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if p, ok := o.open[name]; ok {
		return p, nil
	}
	w := o.w
	vendor, api, _ := strings.Cut(name, "/")
	hopts := provider.HTTPOptions{
		Retry: provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }, Jitter: func() float64 { return 1 }},
		Debug: io.Discard,
	}
	if vendor == o.slow {
		hopts.Timeout, hopts.Clock = o.timeout, o.clock
		if o.lag > 0 {
			hopts.Transport = lagging(&http.Client{}, o.lag)
		}
	}
	var p provider.Provider
	var err error
	switch vendor {
	case "heygen":
		p, err = heygen.New(heygen.Config{API: api, BaseURL: w.hg.BaseURL(), UploadURL: w.hg.UploadURL(), Key: w.hg.Key(), HTTPOptions: hopts})
	case "fal":
		p, err = fal.New(fal.Config{QueueURL: w.fal.QueueURL(), RestURL: w.fal.RestURL(), Key: w.fal.Key(), HTTPOptions: hopts})
	case "pixeldojo":
		p, err = pixeldojo.New(pixeldojo.Config{BaseURL: w.pd.BaseURL(), Key: w.pd.Key(), HTTPOptions: hopts})
	default:
		err = fmt.Errorf("no fake for provider %q", name)
	}
	if err != nil {
		return nil, err
	}
	if o.open == nil {
		o.open = map[string]provider.Provider{}
	}
	o.open[name] = p
	return p, nil
}

// Photos is the photo avatar account of the world's HeyGen fake, with
// the clients' HTTP options.
func (o *opener) Photos(name string) (provider.PhotoAvatars, error) {
	hopts := provider.HTTPOptions{
		Retry: provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }, Jitter: func() float64 { return 1 }},
		Debug: io.Discard,
	}
	if name == o.slow {
		hopts.Timeout, hopts.Clock = o.timeout, o.clock
	}
	w := o.w
	return heygen.NewPhotoAccount(heygen.Config{BaseURL: w.hg.BaseURL(), UploadURL: w.hg.UploadURL(), Key: w.hg.Key(), HTTPOptions: hopts}, name)
}

// lagging sends each request through next after d: a machine too busy to
// get to it sooner.
func lagging(next provider.Doer, d time.Duration) provider.Doer {
	return provider.DoerFunc(func(r *http.Request) (*http.Response, error) {
		select {
		case <-time.After(d):
		case <-r.Context().Done():
			return nil, r.Context().Err()
		}
		return next.Do(r)
	})
}

// runner is a Runner as the CLI builds one, with clients on the fakes and
// a sleep that moves the fakes' clock instead of waiting.
func (w *world) runner() *render.Runner {
	set := w.load()
	o := &opener{w: w}
	return &render.Runner{
		Project: set.Project,
		Open:    o.Open,
		Poll:    pollStep,
		Sleep:   w.sleep,
		Limits:  map[string]int{"heygen": 4, "fal": 4, "pixeldojo": 4},
		Photos:  o.Photos,
	}
}

func (w *world) sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	w.clock.Advance(d)
	return nil
}

// render plans and runs once, as reel render does.
func (w *world) render() render.Result {
	w.t.Helper()
	return w.runner().Run(context.Background(), w.plan())
}

// mustRender renders and fails the test on any failed video.
func (w *world) mustRender() render.Result {
	w.t.Helper()
	res := w.render()
	for id, err := range res.Failed {
		w.t.Errorf("%s failed: %v", id, err)
	}
	if w.t.Failed() {
		w.t.FailNow()
	}
	return res
}

// servers are the fakes by the vendor part of a lock's provider name.
func (w *world) servers() map[string]*fake.Server {
	return map[string]*fake.Server{"heygen": w.hg.Server(), "fal": w.fal.Server(), "pixeldojo": w.pd.Server()}
}

// charges is every fake's ledger, as "vendor/job".
func (w *world) charges() []string {
	var out []string
	for vendor, s := range w.servers() {
		for _, c := range s.Ledger() {
			out = append(out, vendor+"/"+c.JobID)
		}
	}
	sort.Strings(out)
	return out
}

// creates counts create calls that reached any fake.
func (w *world) creates() int {
	n := 0
	for _, s := range w.servers() {
		n += len(s.Requests(fake.RouteCreate))
	}
	return n
}

// checkPaidOnce asserts that every charged job is one the lock knows, and
// that no render key was paid for twice.
func (w *world) checkPaidOnce() {
	w.t.Helper()
	l := w.lock()
	keyOf := map[string]string{} // vendor/job → render key, from the lock
	job := func(prov, id string) string {
		vendor, _, _ := strings.Cut(prov, "/")
		return vendor + "/" + id
	}
	for _, e := range l.Videos {
		if e.Job != "" {
			keyOf[job(e.Provider, e.Job)] = e.Key
		}
		for _, r := range e.History {
			keyOf[job(r.Provider, r.Job)] = r.Key
		}
	}
	paid := map[string]string{} // render key → vendor/job
	for _, c := range w.charges() {
		key, ok := keyOf[c]
		if !ok {
			w.t.Errorf("charged job %s is not in reel.lock", c)
			continue
		}
		if prev, dup := paid[key]; dup {
			w.t.Errorf("render key %.12s paid twice: jobs %s and %s", key, prev, c)
		}
		paid[key] = c
	}
}

// checkOutputs asserts that output_dir holds exactly the done entries'
// verified files, with their recorded size and SHA-256, each a whole MP4
// or WebM, and nothing partial.
func (w *world) checkOutputs() {
	w.t.Helper()
	l := w.lock()
	want := map[string]*lock.Entry{}
	for _, e := range l.Videos {
		if e.State == lock.Done {
			want[e.Output] = e
		}
	}
	got := map[string]bool{}
	out := filepath.Join(w.dir, "out")
	filepath.WalkDir(out, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(out, path)
		rel = filepath.ToSlash(rel)
		if strings.HasPrefix(d.Name(), ".reel-download-") {
			w.t.Errorf("partial download left behind: %s", rel)
			return nil
		}
		ext := filepath.Ext(rel)
		if ext != ".mp4" && ext != ".webm" {
			return nil // sidecars
		}
		got[rel] = true
		e, ok := want[rel]
		if !ok {
			w.t.Errorf("output %s is not a done entry of reel.lock", rel)
			return nil
		}
		b, _ := os.ReadFile(path)
		sum := sha256.Sum256(b)
		if int64(len(b)) != e.Size || hex.EncodeToString(sum[:]) != e.SHA256 {
			w.t.Errorf("output %s: %d bytes sha256 %x; lock says %d bytes %s", rel, len(b), sum, e.Size, e.SHA256)
		}
		if err := verifyMedia(b, ext == ".webm"); err != nil {
			w.t.Errorf("output %s: %v", rel, err)
		}
		return nil
	})
	for rel := range want {
		if !got[rel] {
			w.t.Errorf("lock records %s done, but it is not in output_dir", rel)
		}
	}
}

// verifyMedia checks b as a whole MP4, or WebM, by its structure.
func verifyMedia(b []byte, webm bool) error {
	c := mediacheck.MP4
	if webm {
		c = mediacheck.WebM
	}
	v := mediacheck.New(c)
	v.Write(b)
	return v.Finish(int64(len(b)))
}

// entries is the lock as "id state", sorted, for messages.
func entries(l *lock.Lock) []string {
	var out []string
	for id, e := range l.Videos {
		out = append(out, fmt.Sprintf("%s %s job=%q", id, e.State, e.Job))
	}
	sort.Strings(out)
	return out
}

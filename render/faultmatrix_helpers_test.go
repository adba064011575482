package render_test

// The fault matrix's providers, steps and faults, and the checks every
// cell makes (see faultmatrix_test.go).

import (
	"context"
	"encoding/json"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

// mxTimeout bounds each HTTP attempt and each stalled media read in the
// matrix, on a providertest.StallClock: the bound goes off when, and only
// when, a fake stalls a request (the hang cells), so no answer is given up
// on for being slow on a loaded machine, and a hang costs no wait. The
// value only names the bound in messages.
const mxTimeout = 150 * time.Millisecond

// mxStuckAfter is how long, by the fakes' clock, a stuck-job cell's run
// polls before it is stopped: far past the job's whole timeline.
var mxStuckAfter = 20 * (fake.DefaultTimeline.Queued + fake.DefaultTimeline.Processing)

// Steps of a render, as the matrix names them.
const (
	stepUpload = "upload"
	stepCreate = "create"
	stepStatus = "status"
	stepResult = "result" // fal only: the result is a call of its own
	stepMedia  = "media"
)

// mxStepRoute is the fake route each step's requests arrive on.
var mxStepRoute = map[string]string{
	stepUpload: fake.RouteUpload, stepCreate: fake.RouteCreate, stepStatus: fake.RouteStatus,
	stepResult: fake.RouteResult, stepMedia: fake.RouteMedia,
}

// mxProvider is one API, and the one-video project that exercises every
// step it has: a local asset where the API takes uploads.
type mxProvider struct {
	name       string // the lock's name: heygen/v3, fal, ...
	vendor     string // the fake: heygen, fal, pixeldojo
	api        string // reel.yaml providers.heygen.api
	video      string // the video's id
	manifest   string // videos/<video>.yaml
	idempotent bool   // creates carry an Idempotency-Key
	steps      []string
}

// v2AudioYAML is a HeyGen v2 video with an uploaded audio scene (v2
// cannot animate an image, so its upload is the audio).
const v2AudioYAML = `avatar: {id: Daisy-inskirt-20220818}
voice: {id: 1bd001e7e50f421d891986aad5158bc8}
scenes:
  - script: %s
  - audio: ../assets/line.wav
`

var mxProviders = []mxProvider{
	{name: "heygen/v3", vendor: "heygen", api: "v3", video: "photo", manifest: photoYAML, idempotent: true,
		steps: []string{stepUpload, stepCreate, stepStatus, stepMedia}},
	{name: "heygen/v2", vendor: "heygen", api: "v2", video: "spoken", manifest: v2AudioYAML,
		steps: []string{stepUpload, stepCreate, stepStatus, stepMedia}},
	{name: "heygen/av4", vendor: "heygen", api: "av4", video: "portrait", manifest: photoYAML,
		steps: []string{stepUpload, stepCreate, stepStatus, stepMedia}},
	{name: "fal", vendor: "fal", api: "v3", video: "clip", manifest: clipYAML,
		steps: []string{stepUpload, stepCreate, stepStatus, stepResult, stepMedia}},
	{name: "pixeldojo", vendor: "pixeldojo", api: "v3", video: "pixel", manifest: pixelYAML,
		steps: []string{stepCreate, stepStatus, stepMedia}},
}

// mxFault is one way a step can fail.
type mxFault struct {
	name  string
	fault fake.Fault
	// only lists the steps the fault exists at; nil is every step but
	// those in skip.
	only, skip []string
	// reason is what the failure message must say of the provider's
	// reason (a regexp).
	reason string
	// certain: a create refused this way surely did nothing at the
	// provider. acted: the provider made (and charged) the job before the
	// fault. Both matter at the create step only.
	certain, acted bool
	// envelope renders the fake's error bodies (nil: the fake's own).
	envelope func(vendor string) func(status int, code, msg string) []byte
	// broke empties the account instead of injecting a fault: the fake
	// refuses or fails the job as its API does when credits run out. Only
	// the APIs with an account balance have it.
	broke bool
}

// mxReason is the provider's message in every injected error envelope.
func mxReason(name string) string { return "mx says: " + name }

func statusFault(name string, status int, retryAfter string, certain bool) mxFault {
	return mxFault{name: name, fault: fake.Fault{Kind: fake.Status, Status: status, RetryAfter: retryAfter, Message: mxReason(name)},
		reason: strconv.Itoa(status) + `\b.*` + regexp.QuoteMeta(mxReason(name)), certain: certain}
}

// envelopeFault answers 400 with the code as a JSON number or string, in
// the shape the vendor's errors take.
func envelopeFault(name, code string) mxFault {
	f := mxFault{name: name, fault: fake.Fault{Kind: fake.Status, Status: http.StatusBadRequest, Code: code, Message: mxReason(name)},
		skip: []string{stepMedia}, certain: true, envelope: mxEnvelope,
		reason: `\b` + code + `\b.*` + regexp.QuoteMeta(mxReason(name)) + `|` + regexp.QuoteMeta(mxReason(name)) + `.*\b` + code + `\b`}
	return f
}

// mxEnvelope is each vendor's error body with the code as JSON sends it:
// a number when it is all digits (HeyGen's v1 codes), else a string.
func mxEnvelope(vendor string) func(int, string, string) []byte {
	return func(_ int, code, msg string) []byte {
		var c any = code
		if n, err := strconv.Atoi(code); err == nil {
			c = n
		}
		var v any
		switch vendor {
		case "heygen":
			if _, num := c.(int); num {
				v = map[string]any{"code": c, "message": msg, "data": nil} // v1
			} else {
				v = map[string]any{"error": map[string]any{"code": c, "message": msg, "param": nil}} // v3
			}
		case "fal":
			v = map[string]any{"detail": msg, "error_type": c}
		default:
			if _, num := c.(int); num {
				v = map[string]any{"error": map[string]any{"code": c, "message": msg}}
			} else {
				v = map[string]any{"error": msg, "code": c} // PixelDojo's flat shape
			}
		}
		b, _ := json.Marshal(v)
		return b
	}
}

var (
	reasonReset   = `connection reset|EOF|broken pipe|connection refused`
	reasonHang    = `no response within|not complete within|stalled|deadline exceeded|Timeout`
	reasonCut     = `unexpected EOF|got \d+ of \d+ bytes|not an MP4`
	reasonNotJSON = `not JSON|not an MP4`
)

var mxFaults = []mxFault{
	statusFault("429 with Retry-After", 429, "2", true),
	statusFault("429 without Retry-After", 429, "", true),
	statusFault("500", 500, "", false),
	statusFault("502", 502, "", false),
	statusFault("503", 503, "", false),
	statusFault("504", 504, "", false),
	{name: "reset before the response", fault: fake.Fault{Kind: fake.Reset}, reason: reasonReset},
	{name: "reset after the create", only: []string{stepCreate}, fault: fake.Fault{Kind: fake.Reset, After: true}, reason: reasonReset, acted: true},
	{name: "hang past the timeout", fault: fake.Fault{Kind: fake.SlowBody}, reason: reasonHang, acted: true},
	{name: "truncated body", fault: fake.Fault{Kind: fake.Truncated}, reason: reasonCut, acted: true},
	{name: "body not JSON", fault: fake.Fault{Kind: fake.NonJSON, Status: http.StatusOK}, reason: reasonNotJSON},
	// A server (or a proxy in front of it) that repeats the credential
	// headers it got in its error message: reel must not repeat them.
	{name: "error echoing the key", skip: []string{stepResult, stepMedia}, fault: fake.Fault{Kind: fake.EchoAuth},
		certain: true, reason: `400\b.*rejected credentials .*REDACTED`},
	envelopeFault("numeric code", "40001"),
	envelopeFault("string code", "invalid_request"),
	{name: "expired media URL", only: []string{stepMedia}, fault: fake.Fault{Kind: fake.Status, Status: http.StatusForbidden, Message: "Request has expired"},
		reason: `403\b.*Request has expired`},
	{name: "expired media URL once", only: []string{stepMedia}, fault: fake.Fault{Kind: fake.Status, Status: http.StatusForbidden, Times: 1}},
	// Media hosts that lie (testdata/media/hostile): a whole MP4 under a
	// Content-Length that ends inside its ftyp box, and an ftyp box then
	// zeros. Only the file's structure tells them from a whole video.
	{name: "media longer than its length", only: []string{stepMedia}, fault: fake.Fault{Kind: fake.Raw, Body: hostileAnswer("length-lies.mp4.http")},
		reason: regexp.QuoteMeta("the provider sent 20 bytes, but the MP4's ftyp box declares 24: the file is incomplete")},
	{name: "media of zeros", only: []string{stepMedia}, fault: fake.Fault{Kind: fake.Raw, Body: hostileAnswer("ftyp-then-zeros.mp4.http")},
		reason: `the provider sent 212 bytes, .*no moov box`},
	{name: "job fails late", only: []string{stepCreate}, fault: fake.Fault{Kind: fake.LateFailure, Code: "40119", Message: mxReason("late failure")},
		reason: regexp.QuoteMeta(mxReason("late failure"))},
	{name: "stuck until stopped", only: []string{stepCreate}, fault: fake.Fault{Kind: fake.Stuck}, reason: `it is recorded; run reel render again to resume$`},
	{name: "429 once", only: []string{stepUpload, stepCreate, stepStatus, stepResult},
		fault: fake.Fault{Kind: fake.Status, Status: http.StatusTooManyRequests, RetryAfter: "1", Times: 1}},
	{name: "no credits left", only: []string{stepCreate}, broke: true, certain: true, reason: `(?i)insufficient.credit|not enough credits|exhausted balance`},
	{name: "402 insufficient credits", only: []string{stepCreate}, certain: true,
		fault:  fake.Fault{Kind: fake.Status, Status: http.StatusPaymentRequired, Code: "insufficient_credits", Message: mxReason("402")},
		reason: `402\b.*` + regexp.QuoteMeta(mxReason("402"))},
}

// setCredits sets the balance of the fake of vendor.
func setCredits(w *world, vendor string, n int) {
	switch vendor {
	case "heygen":
		w.hg.SetCredits(n)
	case "pixeldojo":
		w.pd.SetCredits(n)
	case "fal":
		w.fal.SetBalance(n)
	}
}

// at reports whether the fault exists at a step.
func (f mxFault) at(step string) bool {
	if f.only != nil {
		return contains(f.only, step)
	}
	return !contains(f.skip, step)
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// mxCell is one provider, step and fault.
type mxCell struct {
	p     mxProvider
	step  string
	f     mxFault
	route string
}

func (c mxCell) name() string { return c.p.name + "/" + c.step + "/" + c.f.name }

// Outcomes of the first run and what the lock then says of the video.
const (
	outDone    = "done"
	outFailed  = "failed"
	outStopped = "stopped"

	lockNone         = "no entry"
	lockPendingJob   = "pending with its job"
	lockPendingNoJob = "pending without a job"
	lockFailedJob    = "failed with its job"
	lockFailedNoJob  = "failed without a job"
	lockDone         = "done"
)

// mxWant is what a cell must see.
type mxWant struct {
	outcome string
	step    string // what the message says of the step (a regexp)
	lock    string
	// refused: the rerun refuses to send an unconfirmed create again (an
	// API without idempotency keys); the cell then forgets the video, as
	// the message says to, unless the provider had acted (the create gap
	// README documents), where a second render would pay twice.
	refused bool
	// failedJob: the provider reported the job failed; its rerender is a
	// new job.
	failedJob bool
}

// want derives a cell's expectations from the step and the fault's nature.
func (c mxCell) want() mxWant {
	w := mxWant{outcome: outFailed, step: map[string]string{
		stepUpload: `\bupload\b`, stepCreate: `\bcreate\b`, stepStatus: `\bstatus of job\b`,
		stepResult: `\bstatus of job \S+: fal get result\b`, stepMedia: `\bdownload of job\b`,
	}[c.step]}
	switch c.step {
	case stepUpload:
		w.lock = lockNone // uploads come before the intent is recorded
	case stepStatus, stepResult, stepMedia:
		w.lock = lockPendingJob
	case stepCreate:
		switch {
		case c.f.fault.Kind == fake.LateFailure:
			w.lock, w.failedJob, w.step = lockFailedJob, true, `\brender job \S+ failed at `+regexp.QuoteMeta(c.p.name)
		case c.f.fault.Kind == fake.Stuck:
			w.outcome, w.lock, w.step = outStopped, lockPendingJob, `^stopped while waiting for job \S+ \(processing\)`
		case c.f.broke && c.p.vendor == "fal":
			// fal locks an account whose balance is spent: its upload,
			// before any intent, is refused already.
			w.lock, w.step = lockNone, `\bupload\b`
		case c.f.broke && (c.p.api == "v2" || c.p.api == "av4") && c.p.vendor == "heygen":
			// HeyGen's legacy APIs take the create and fail the video
			// when it would render (MOVIO_PAYMENT_INSUFFICIENT_CREDIT).
			w.lock, w.failedJob, w.step = lockFailedJob, true, `\brender job \S+ failed at `+regexp.QuoteMeta(c.p.name)
		case c.f.certain:
			w.lock = lockFailedNoJob
		default:
			w.lock = lockPendingNoJob
			w.refused = !c.p.idempotent
		}
	}
	if c.step == stepResult && c.f.envelope != nil {
		// fal reports a request's own failure as a coded error on its
		// result call: the job failed.
		w.lock, w.failedJob, w.step = lockFailedJob, true, `\brender job \S+ failed at fal\b`
	}
	if c.f.fault.Times == 1 {
		w.outcome, w.lock = outDone, lockDone
	}
	return w
}

// cells is the matrix: every provider, every step it has, every fault
// that exists there.
func mxCells() []mxCell {
	var out []mxCell
	for _, p := range mxProviders {
		for _, step := range p.steps {
			for _, f := range mxFaults {
				if f.at(step) {
					out = append(out, mxCell{p: p, step: step, f: f, route: mxStepRoute[step]})
				}
			}
		}
	}
	return out
}

// mxWorld is the cell's project on disk and the fakes, on one manual
// clock, with the cell's error envelope.
func mxWorld(t *testing.T, c mxCell) *world {
	t.Helper()
	w := &world{t: t, dir: t.TempDir(), clock: fake.NewManualClock(fake.Epoch)}
	opts := func(vendor string) fake.Options {
		o := fake.Options{Clock: w.clock}
		if c.f.envelope != nil && vendor == c.p.vendor {
			o.ErrorBody = c.f.envelope(vendor)
		}
		return o
	}
	w.hg = fake.NewHeyGen(fake.HeyGenOptions{Options: opts("heygen"), API: c.p.api, Key: canaryKeys["heygen"]})
	w.fal = fake.NewFal(fake.FalOptions{Options: opts("fal"), Key: canaryKeys["fal"]})
	w.pd = fake.NewPixelDojo(fake.PixelDojoOptions{Options: opts("pixeldojo"), Key: canaryKeys["pixeldojo"]})
	t.Cleanup(func() { w.hg.Close(); w.fal.Close(); w.pd.Close() })
	w.write("reel.yaml", fmt.Sprintf(reelYAML, c.p.api))
	w.write("assets/anna.png", pngAsset)
	w.write("assets/line.wav", wavAsset)
	w.write("videos/"+c.p.video+".yaml", fmt.Sprintf(c.p.manifest, "A fault matrix cell speaks."))
	return w
}

// canaryKeys are the API keys the matrix's fakes take and its clients send:
// recognisable, so a test can assert they appear nowhere reel writes.
var canaryKeys = map[string]string{
	"heygen":    "sk-LEAKCANARY-heygen-5f1d2c3b4a5968778695a4b3",
	"fal":       "sk-LEAKCANARY-fal-0a1b2c3d:4e5f60718293a4b5c6d7e8f9",
	"pixeldojo": "sk-LEAKCANARY-pd-9e8d7c6b5a49382716051f2e",
}

// leakCanary is what every canary key holds.
const leakCanary = "LEAKCANARY"

// checkNoCanary asserts that no API key appears in what a run said (its
// errors and every event) or wrote (reel.lock, every file under the
// project's output folder).
func (w *world) checkNoCanary(res render.Result, events []render.Event) {
	w.t.Helper()
	for id, err := range res.Failed {
		if strings.Contains(err.Error(), leakCanary) {
			w.t.Errorf("the error of %s holds a key: %v", id, err)
		}
	}
	for id, err := range res.Stopped {
		if strings.Contains(err.Error(), leakCanary) {
			w.t.Errorf("the stop of %s holds a key: %v", id, err)
		}
	}
	for _, e := range events {
		if strings.Contains(e.ID+e.Step+e.Detail, leakCanary) {
			w.t.Errorf("event %+v holds a key", e)
		}
	}
	filepath.WalkDir(w.dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		if b, _ := os.ReadFile(path); strings.Contains(string(b), leakCanary) {
			w.t.Errorf("%s holds a key", path)
		}
		return nil
	})
}

// mxRun plans and runs once with real clients whose attempts time out, and
// whose media reads stall out, when the fake of vendor stalls them (see
// mxTimeout). stop, if set, is asked before each wait of the run: true
// stops the run there, as a Ctrl-C would.
func mxRun(ctx context.Context, w *world, vendor string, stop func() bool) (render.Result, []render.Event) {
	r := w.runner()
	clock := providertest.NewStallClock(w.servers()[vendor])
	o := &opener{w: w, slow: vendor, timeout: mxTimeout, clock: clock, lag: w.lag}
	r.Open = o.Open
	r.Media = provider.Stall(lagging(&http.Client{}, w.lag), mxTimeout, clock)
	if stop != nil {
		var cancel context.CancelFunc
		ctx, cancel = context.WithCancel(ctx)
		defer cancel()
		sleep := r.Sleep
		r.Sleep = func(sctx context.Context, d time.Duration) error {
			if stop() {
				cancel()
				return context.Canceled
			}
			return sleep(sctx, d)
		}
	}
	var events eventLog
	r.Event = events.add
	res := r.Run(ctx, w.plan())
	w.checkNoCanary(res, events.all())
	return res, events.all()
}

// lockState says what the lock holds for a video, in mxWant's words.
func lockState(l *lock.Lock, id string) string {
	e := l.Videos[id]
	switch {
	case e == nil:
		return lockNone
	case e.State == lock.Done:
		return lockDone
	case e.State == lock.Pending && e.Job != "":
		return lockPendingJob
	case e.State == lock.Pending:
		return lockPendingNoJob
	case e.Job != "":
		return lockFailedJob
	}
	return lockFailedNoJob
}

// outcome classifies a video's end in a run, as reel render's exit code
// does (done 0, failed 1 or 3, stopped 130).
func outcome(res render.Result, id string) (string, error) {
	if err, ok := res.Failed[id]; ok {
		return outFailed, err
	}
	if err, ok := res.Stopped[id]; ok {
		return outStopped, err
	}
	if contains(res.Done, id) {
		return outDone, nil
	}
	return "nothing", nil
}

// paidJobs returns, per render key, the charged jobs that the provider did
// not report failed (a failed job is rendered again as a new one), and the
// charged jobs reel.lock does not know.
func (w *world) paidJobs(failed map[string]bool) (byKey map[string][]string, unknown []string) {
	l := w.lock()
	keyOf := map[string]string{}
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
	byKey = map[string][]string{}
	for _, c := range w.charges() {
		if failed[c] {
			continue
		}
		key, ok := keyOf[c]
		if !ok {
			unknown = append(unknown, c)
			continue
		}
		byKey[key] = append(byKey[key], c)
	}
	return byKey, unknown
}

// checkLockClean asserts that reel.lock decodes and holds no key and no
// signed URL.
func (w *world) checkLockClean(secrets ...string) {
	w.t.Helper()
	w.lock() // decodes, or fails the test
	b, err := os.ReadFile(w.lockPath())
	if os.IsNotExist(err) {
		return
	}
	for _, s := range append([]string{"Signature=", "Expires=", "Key-Pair-Id", w.hg.Key(), w.fal.Key(), w.pd.Key()}, secrets...) {
		if strings.Contains(string(b), s) {
			w.t.Errorf("reel.lock holds %q", s)
		}
	}
}

// eventLog collects a run's events.
type eventLog struct {
	mu  sync.Mutex
	evs []render.Event
}

func (l *eventLog) add(e render.Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.evs = append(l.evs, e)
}

func (l *eventLog) all() []render.Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]render.Event(nil), l.evs...)
}

package fake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// fal facts from seed 001 and reference/providers.md §2.
const (
	// FalEndpoint is the model reel submits to; submit keeps this sub-path.
	FalEndpoint = "fal-ai/heygen/avatar4/image-to-video"
	// FalApp is the owner/alias path that status, result and cancel URLs
	// use instead of the full endpoint.
	FalApp = "fal-ai/heygen"
	// FalCentsPerSecond is the price: $0.10 per output second.
	FalCentsPerSecond = 10
	// FalKey is the key a fal fake accepts unless told another: shaped like
	// a real one (key id, colon, secret) and easy to grep for in error text.
	FalKey = "3f6c1b2e-fake-4d0a-9c51-7e2a40f1d9b3:FAKEFALSECRET0123456789abcdef"
	// FalRouteToken is the storage token call; uploads themselves are
	// RouteUpload, and reading an uploaded file back is FalRouteFile.
	FalRouteToken = "storage-token"
	FalRouteFile  = "fal-file"
)

// FalOptions configure a fal fake.
type FalOptions struct {
	Options
	Key string // the accepted key; "" is FalKey
	// Voices are the voice names submit accepts. fal's enum has about 102
	// HeyGen names, some with trailing spaces, so nil accepts any string.
	Voices []string
	// SubPathNotFound answers status, result and cancel on the full
	// endpoint path (…/avatar4/image-to-video/requests/{id}/…) with 404,
	// as fal did in fal-js#214; by default both path forms work.
	SubPathNotFound bool
	// WideAspects accepts the aspect ratios of fal's newer schema (4:5,
	// 5:4, auto) besides seed 001's 16:9, 9:16 and 1:1.
	WideAspects bool
	// FailLoc is the loc of the 422 a LateFailure produces; nil is
	// ["body"]. A LateFailure whose Fault.Status is 5xx produces fal's
	// infrastructure error instead ({"detail","error_type"}).
	FailLoc []string
	// TokenTTL is how long a storage token works; 0 is one hour.
	TokenTTL time.Duration
}

// Fal fakes fal.ai's queue for FalEndpoint (queue.fal.run), its storage
// token call (rest.fal.ai) and its CDN (v3.fal.media), each on its own
// loopback origin as in production, so a client that sends the key to the
// CDN, or polls a URL it made up, fails here as it would there.
type Fal struct {
	srv  *Server
	opts FalOptions
	rest *httptest.Server
	cdn  *httptest.Server

	mu     sync.Mutex
	fates  map[string]Fault     // how each job ends, by job id
	tokens map[string]time.Time // storage tokens and their expiry
	files  map[string]falFile   // uploads, by path on the CDN
	seq    int
	// limited and balance are the account's prepaid balance in cents,
	// once SetBalance gives it one.
	limited bool
	balance int
}

// NewFal starts a fal fake; Close stops it.
func NewFal(o FalOptions) *Fal {
	if o.Key == "" {
		o.Key = FalKey
	}
	if o.FailLoc == nil {
		o.FailLoc = []string{"body"}
	}
	if o.TokenTTL <= 0 {
		o.TokenTTL = time.Hour
	}
	if o.ErrorBody == nil {
		o.ErrorBody = falError
	}
	f := &Fal{opts: o, fates: map[string]Fault{}, tokens: map[string]time.Time{}, files: map[string]falFile{}}
	f.srv = NewServer(o.Options)
	f.routeQueue()
	f.rest = httptest.NewServer(f.restMux())
	f.cdn = httptest.NewServer(f.cdnMux())
	return f
}

// falError is the shape of fal's errors that are not validation errors:
// {"detail":"…"}. Faults use it, without error_type, as an ingress or
// proxy failure looks: reel must not read such an answer as the job's
// failure.
func falError(_ int, _, message string) []byte {
	b, _ := json.Marshal(map[string]string{"detail": message})
	return b
}

func (f *Fal) Server() *Server { return f.srv }

// Close stops the queue, REST and CDN hosts.
func (f *Fal) Close() {
	f.srv.Close()
	f.rest.Close()
	f.cdn.Close()
}

// QueueURL is the queue host a client is pointed at (FAL_QUEUE_BASE).
func (f *Fal) QueueURL() string { return f.srv.URL() }

// RestURL is the REST host with the storage API (FAL_REST_BASE).
func (f *Fal) RestURL() string { return f.rest.URL }

// Key is the key the fake accepts.
func (f *Fal) Key() string { return f.opts.Key }

// Idempotent is false: fal's queue has no idempotency key, so a re-sent
// submit is a second paid request.
func (f *Fal) Idempotent() bool { return false }

// Body is a submit input the fake accepts, speaking text.
func (f *Fal) Body(text string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"image_url":     "https://v3b.fal.media/files/b/0a90062c/anna.png",
		"prompt":        text,
		"voice":         "Melissa",
		"talking_style": "expressive",
		"resolution":    "720p",
		"aspect_ratio":  "16:9",
	})
	return b
}

// authorized checks fal's `Authorization: Key <key>`; fal's 401 body is
// undocumented, so the detail text is inferred.
func (f *Fal) authorized(w http.ResponseWriter, r *http.Request) bool {
	switch r.Header.Get("Authorization") {
	case "Key " + f.opts.Key:
		return true
	case "":
		falDetail(w, http.StatusUnauthorized, "Authentication is required to access this application.")
	default:
		falDetail(w, http.StatusUnauthorized, "No user found for Key ID and Secret")
	}
	return false
}

// falDetail answers {"detail":"…"}.
func falDetail(w http.ResponseWriter, status int, detail string) {
	WriteJSON(w, status, map[string]string{"detail": detail})
}

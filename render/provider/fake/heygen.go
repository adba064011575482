package fake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"
)

// The HeyGen APIs a HeyGen fake speaks, as reel.yaml names them
// (providers.heygen.api).
const (
	HeyGenV3  = "v3"  // POST /v3/videos, current
	HeyGenV2  = "v2"  // POST /v2/video/generate (seed 004), legacy
	HeyGenAV4 = "av4" // POST /v2/video/av4/generate (seed 003), legacy
)

// HeyGenKey is the key a HeyGen fake accepts unless told another; long
// enough for the client's scrubbing and easy to grep for in error text.
const HeyGenKey = "hg_FAKEKEY_0123456789abcdefABCDEF"

// HeyGenOptions configure a HeyGen fake.
type HeyGenOptions struct {
	Options
	// API picks the create call Body builds and whether Idempotent is true:
	// HeyGenV3 (the default), HeyGenV2 or HeyGenAV4. Every API's routes are
	// served either way, as api.heygen.com serves them all.
	API string
	Key string // the accepted X-Api-Key; "" is HeyGenKey
	// Credits is the starting balance; 0 is 1000. v3 refuses a create it
	// cannot pay with 402; v2 and av4 accept it and fail it at poll time
	// (MOVIO_PAYMENT_INSUFFICIENT_CREDIT), as users report.
	Credits int
	// TextLimit bounds one v2 input_text or v3 script; 0 is 5000 (HG-docs,
	// Nov 2025). Seed 004 says 1500; set it to see that limit.
	TextLimit int
	// MaxSeconds is the plan's longest video; longer ones fail at poll time
	// with 40119 "Video is too long". 0 is 3600.
	MaxSeconds float64
	// Concurrency caps unfinished v3 videos; a create beyond it gets 429
	// rate_limit_exceeded with Retry-After. 0 is no cap.
	Concurrency int
	// MaxAssetBytes caps POST /v3/assets (multipart); bigger files go
	// through direct uploads. 0 is 32 MB.
	MaxAssetBytes int64
	// IdempotencyWindow is how long a v3 Idempotency-Key replays; 0 is 24 h.
	IdempotencyWindow time.Duration
	// PageSize caps a v3 list page below the requested limit, so tests see
	// next_token with a short catalog. 0 is no cap.
	PageSize int
	// Store, when set, keeps the videos beyond this fake's life: the fake
	// saves each one as it changes and asks the store for a video id or an
	// Idempotency-Key it does not know (see HeyGenStore).
	Store HeyGenStore
	// ContentAssetIDs derives an uploaded asset's id (and image_key) from
	// its type and bytes, so the same file uploaded again, by this fake or
	// a later one, gets the same id and a re-sent create the same body.
	// Direct uploads, whose bytes come later, get random ids. The default
	// is a per-fake sequence.
	ContentAssetIDs bool
	// StrictCatalog refuses a create naming an avatar, talking photo or
	// voice that HeyGenAvatars (with the looks of the account's trained
	// photo avatar groups) and HeyGenVoices lack, as HeyGen refuses an id
	// the account cannot use (avatar_not_found). It is off by default:
	// client tests name ids of their own.
	StrictCatalog bool
	// Photo shapes the photo avatar endpoints (seed 003).
	Photo HeyGenPhotoOptions
}

// HeyGen fakes api.heygen.com (v3, v2 and the Avatar IV endpoint, v1
// status, voices, avatars, assets, photo avatars, the account's quota), upload.heygen.com and the file host
// behind both, on three loopback servers sharing one Server (jobs, clock,
// faults, ledger, request log).
type HeyGen struct {
	srv    *Server
	opts   HeyGenOptions
	upload *httptest.Server // upload.heygen.com: POST /v1/asset
	files  *httptest.Server // the storage host: assets, sidecars, direct-upload PUTs

	mu        sync.Mutex
	credits   int
	videos    map[string]*heygenVideo
	keys      map[string]*heygenIdem
	assets    map[string]*heygenAsset
	imageKeys map[string]string // image_key → asset id
	seq       int
	photos    *heygenPhotos // photo avatar groups, their own lock
	hold      chan struct{} // non-nil: creates wait on it (HoldCreates)
	held      chan struct{}
}

// NewHeyGen starts a HeyGen fake; Close stops it.
func NewHeyGen(o HeyGenOptions) *HeyGen {
	if o.API == "" {
		o.API = HeyGenV3
	}
	if o.Key == "" {
		o.Key = HeyGenKey
	}
	if o.Credits == 0 {
		o.Credits = 1000
	}
	if o.TextLimit == 0 {
		o.TextLimit = 5000
	}
	if o.MaxSeconds == 0 {
		o.MaxSeconds = 3600
	}
	if o.MaxAssetBytes == 0 {
		o.MaxAssetBytes = 32 << 20
	}
	if o.IdempotencyWindow == 0 {
		o.IdempotencyWindow = 24 * time.Hour
	}
	if o.ErrorBody == nil {
		o.ErrorBody = heygenV3Error
	}
	h := &HeyGen{opts: o, credits: o.Credits, videos: map[string]*heygenVideo{}, keys: map[string]*heygenIdem{},
		assets: map[string]*heygenAsset{}, imageKeys: map[string]string{}}
	h.srv = NewServer(o.Options)
	h.photos = newHeyGenPhotos(o.Photo, h.srv.opts.Timeline)
	h.routes()
	return h
}

// routes starts the upload and file hosts first, then registers the API's
// routes: a request handler reads h.upload and h.files, and the API mux's
// registration lock is what orders those writes before any request.
func (h *HeyGen) routes() {
	s := h.srv
	up := http.NewServeMux()
	up.HandleFunc("POST /v1/asset", s.wrap(RouteUpload, h.v1Upload))
	up.HandleFunc("/", s.wrap("other", func(w http.ResponseWriter, r *http.Request) {
		heygenWriteV1Error(w, http.StatusNotFound, 404, "No route "+r.Method+" "+r.URL.Path)
	}))
	h.upload = httptest.NewServer(up)

	files := http.NewServeMux()
	files.HandleFunc("GET /assets/{id}/{name}", s.wrap(RouteMedia, h.serveAsset))
	files.HandleFunc("PUT /uploads/{id}", s.wrap(RouteUpload, h.receiveUpload))
	files.HandleFunc("GET /sidecars/{job}/{name}", s.wrap(RouteMedia, h.serveSidecar))
	files.HandleFunc("GET /image/{hash}/original", s.wrap(RouteMedia, h.serveImage))
	h.files = httptest.NewServer(files)

	s.Handle(RouteCreate, "POST /v3/videos", h.v3Create)
	s.Handle(RouteStatus, "GET /v3/videos/{id}", h.v3Get)
	s.Handle(RouteStatus, "GET /v3/videos/statuses", h.v3Statuses)
	s.Handle(RouteCancel, "DELETE /v3/videos/{id}", h.v3Delete)
	s.Handle(RouteUpload, "POST /v3/assets", h.v3Asset)
	s.Handle(RouteUpload, "POST /v3/assets/direct-uploads", h.v3DirectUpload)
	s.Handle(RouteUpload, "POST /v3/assets/{id}/complete", h.v3Complete)
	s.Handle("voices", "GET /v3/voices", h.v3Voices)
	s.Handle("avatars", "GET /v3/avatars", h.v3Groups)
	s.Handle("avatars", "GET /v3/avatars/looks", h.v3Looks)
	s.Handle(RouteAccount, "GET /v3/users/me", h.v3UserMe)
	s.Handle(RouteCreate, "POST /v2/video/generate", h.v2Create)
	s.Handle(RouteCreate, "POST /v2/video/av4/generate", h.av4Create)
	s.Handle(RouteStatus, "GET /v1/video_status.get", h.v1Status)
	s.Handle("voices", "GET /v2/voices", h.v2Voices)
	s.Handle("avatars", "GET /v2/avatars", h.v2Avatars)
	h.photoRoutes()
	s.Handle("other", "/", func(w http.ResponseWriter, r *http.Request) {
		s.WriteError(w, http.StatusNotFound, "not_found", "No route "+r.Method+" "+r.URL.Path)
	})
}

// Server is the shared fake machinery: clock, faults, ledger, log.
func (h *HeyGen) Server() *Server { return h.srv }

// Close stops all three servers.
func (h *HeyGen) Close() {
	h.Release()
	h.srv.Close()
	h.upload.Close()
	h.files.Close()
}

// BaseURL stands in for https://api.heygen.com.
func (h *HeyGen) BaseURL() string { return h.srv.URL() }

// UploadURL stands in for https://upload.heygen.com.
func (h *HeyGen) UploadURL() string { return h.upload.URL }

// Key is the API key the fake accepts.
func (h *HeyGen) Key() string { return h.opts.Key }

// API is the API Body and Idempotent speak for.
func (h *HeyGen) API() string { return h.opts.API }

// Idempotent is true for v3, which replays a create re-sent with the same
// Idempotency-Key; v2 and av4 have no such key.
func (h *HeyGen) Idempotent() bool { return h.opts.API == HeyGenV3 }

// Credits is the account's balance.
func (h *HeyGen) Credits() int {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.credits
}

// SetCredits sets the balance, e.g. to 0 to see insufficient credit.
func (h *HeyGen) SetCredits(n int) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.credits = n
}

// HoldCreates makes every create wait, after it has claimed its
// Idempotency-Key, until Release: the window in which a second request with
// the same key finds it in flight. Each held create signals on the returned
// channel.
func (h *HeyGen) HoldCreates() <-chan struct{} {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.hold = make(chan struct{})
	h.held = make(chan struct{}, 16)
	return h.held
}

// Release lets held creates go on.
func (h *HeyGen) Release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.hold != nil {
		close(h.hold)
		h.hold = nil
	}
}

func (h *HeyGen) wait(r *http.Request) {
	h.mu.Lock()
	hold, held := h.hold, h.held
	h.mu.Unlock()
	if hold == nil {
		return
	}
	held <- struct{}{}
	select {
	case <-hold:
	case <-r.Context().Done():
	case <-h.srv.done:
	}
}

// authorized checks X-Api-Key (HeyGen's header on both hosts; v3 also
// takes a Bearer token) and answers 401 in the route's envelope.
func (h *HeyGen) authorized(w http.ResponseWriter, r *http.Request, env heygenEnvelope) bool {
	if r.Header.Get("X-Api-Key") == h.opts.Key || r.Header.Get("Authorization") == "Bearer "+h.opts.Key {
		return true
	}
	const msg = "Invalid or missing API key"
	switch env {
	case heygenEnvV1:
		heygenWriteV1Error(w, http.StatusUnauthorized, 40009, msg)
	case heygenEnvV2:
		heygenWriteV2Error(w, http.StatusUnauthorized, "unauthorized", msg)
	default:
		heygenWriteV3Error(w, http.StatusUnauthorized, "unauthorized", msg, "")
	}
	return false
}

// Body is a create request of the fake's API that it accepts, speaking
// text: the examples of HG-cli (v3), seed 004 (v2) and seed 003 (av4).
func (h *HeyGen) Body(text string) json.RawMessage {
	var body any
	switch h.opts.API {
	case HeyGenV2:
		body = map[string]any{
			"video_inputs": []any{map[string]any{
				"character": map[string]any{"type": "avatar", "avatar_id": "Angela-inTshirt-20220820", "avatar_style": "normal"},
				"voice":     map[string]any{"type": "text", "input_text": text, "voice_id": HeyGenVoices[0].ID, "speed": 1.1},
			}},
			"dimension": map[string]any{"width": 1280, "height": 720},
		}
	case HeyGenAV4:
		body = map[string]any{
			"image_key": HeyGenAvatars[3].ID, "voice_id": HeyGenVoices[0].ID, "video_title": "Conformance",
			"dimension": map[string]any{"width": 1080, "height": 1920}, "caption": true,
			"scenes": []any{map[string]any{"script": text, "emotion": "Friendly", "talking_style": "expressive",
				"custom_motion_prompt": "Avatar nods confidently", "enhance_custom_motion_prompt": true}},
		}
	default:
		body = map[string]any{"type": "avatar", "avatar_id": HeyGenAvatars[0].ID, "script": text,
			"voice_id": HeyGenVoices[0].ID, "aspect_ratio": "16:9", "resolution": "720p", "caption": map[string]any{"style": "default"}}
	}
	b, _ := json.Marshal(body)
	return b
}

package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// PixelDojo model and credit facts from seed 000.
const (
	PixelDojoModel      = "heygen-avatar"
	PixelDojoCreditCost = 120
	// PixelDojoKey is the key a PixelDojo fake accepts unless told another:
	// shaped like a real one (pd_…) and easy to grep for in error text.
	PixelDojoKey = "pd_live_FAKEKEY0123456789abcdef"
)

// PixelDojoOptions configure a PixelDojo fake.
type PixelDojoOptions struct {
	Options
	Key     string // the accepted API key; "" is PixelDojoKey
	Credits int    // starting balance; 0 is 100 videos' worth
	// Voices are the voice names run accepts. The published enum is cut
	// short ("Warm Pro Narrator, Chill Brian, Ivy, John Doe, Monika
	// Sogam..."), so nil accepts any non-empty name rather than reject a
	// real one.
	Voices []string
	// FlatErrors switches the error envelope to {"error":"…","code":"…"};
	// PixelDojo does not document its envelope and clients accept both.
	FlatErrors bool
	// VideosArray reports output as {"videos":["…"]} instead of
	// {"video":"…"}: the output key varies across PixelDojo models.
	VideosArray bool
}

// PixelDojo fakes https://pixeldojo.ai/api/v1 for the heygen-avatar model:
// POST models/{model}/run and GET jobs/{id}, Bearer auth, credits.
type PixelDojo struct {
	srv  *Server
	opts PixelDojoOptions

	mu      sync.Mutex
	credits int
}

// NewPixelDojo starts a PixelDojo fake; Close stops it.
func NewPixelDojo(o PixelDojoOptions) *PixelDojo {
	if o.Key == "" {
		o.Key = PixelDojoKey
	}
	if o.Credits == 0 {
		o.Credits = 100 * PixelDojoCreditCost
	}
	if o.IDPrefix == "" {
		o.IDPrefix = "job_"
	}
	if o.ErrorBody == nil && o.FlatErrors {
		o.ErrorBody = flatError
	}
	p := &PixelDojo{opts: o, credits: o.Credits}
	p.srv = NewServer(o.Options)
	p.srv.Handle(RouteCreate, "POST /api/v1/models/{model}/run", p.run)
	p.srv.Handle(RouteStatus, "GET /api/v1/jobs/{id}", p.job)
	p.srv.Handle("other", "/", func(w http.ResponseWriter, r *http.Request) {
		p.srv.WriteError(w, http.StatusNotFound, "not_found", "No route "+r.Method+" "+r.URL.Path)
	})
	return p
}

// flatError is the other envelope a PixelDojo client must read.
func flatError(_ int, code, message string) []byte {
	b, _ := json.Marshal(map[string]string{"error": message, "code": code})
	return b
}

func (p *PixelDojo) Server() *Server { return p.srv }
func (p *PixelDojo) Close()          { p.srv.Close() }

// BaseURL is the API base a client is pointed at (…/api/v1).
func (p *PixelDojo) BaseURL() string { return p.srv.URL() + "/api/v1" }

// Key is the API key the fake accepts.
func (p *PixelDojo) Key() string { return p.opts.Key }

// Idempotent is false: PixelDojo has no idempotency key, so a re-sent run
// is a second paid job.
func (p *PixelDojo) Idempotent() bool { return false }

// Body is a run request the fake accepts, speaking text.
func (p *PixelDojo) Body(text string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"image":         "https://assets.example.com/anna.png",
		"prompt":        text,
		"voice":         "Ivy",
		"talking_style": "expressive",
		"aspect_ratio":  "16:9",
		"resolution":    "720p",
	})
	return b
}

// Credits is the account's balance.
func (p *PixelDojo) Credits() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.credits
}

// SetCredits sets the balance, e.g. to 0 to see 402 insufficient_credits.
func (p *PixelDojo) SetCredits(n int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	p.credits = n
}

func (p *PixelDojo) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bearer "+p.opts.Key {
		p.srv.WriteError(w, http.StatusUnauthorized, "unauthorized", "Invalid or missing API key")
		return false
	}
	return true
}

func (p *PixelDojo) run(w http.ResponseWriter, r *http.Request) {
	if !p.authorized(w, r) {
		return
	}
	if m := r.PathValue("model"); m != PixelDojoModel {
		p.srv.WriteError(w, http.StatusNotFound, "model_not_found", "Model '"+m+"' not found")
		return
	}
	raw, _ := io.ReadAll(r.Body)
	in, problems := validatePixelDojoRun(raw, p.opts.Voices)
	if len(problems) > 0 {
		p.srv.WriteError(w, http.StatusBadRequest, "invalid_request", strings.Join(problems, "; "))
		return
	}
	p.mu.Lock()
	if p.credits < PixelDojoCreditCost {
		have := p.credits
		p.mu.Unlock()
		p.srv.WriteError(w, http.StatusPaymentRequired, "insufficient_credits",
			"Not enough credits: this model costs 120 credits, you have "+strconv.Itoa(have))
		return
	}
	p.credits -= PixelDojoCreditCost
	left := p.credits
	p.mu.Unlock()
	aspect := strings.ReplaceAll(in.aspect, ":", "x")
	j, _ := p.srv.NewJob(r, JobSpec{Body: raw, Media: p.srv.MediaFor(aspect), Cost: PixelDojoCreditCost})
	p.srv.Charge(Charge{JobID: j.ID, Cost: PixelDojoCreditCost})
	WriteJSON(w, http.StatusOK, map[string]any{
		"jobId":            j.ID,
		"status":           "pending",
		"statusUrl":        p.BaseURL() + "/jobs/" + j.ID,
		"creditCost":       PixelDojoCreditCost,
		"creditsRemaining": left,
	})
}

func (p *PixelDojo) job(w http.ResponseWriter, r *http.Request) {
	if !p.authorized(w, r) {
		return
	}
	j, phase, ok := p.srv.Job(r.PathValue("id"))
	if !ok {
		p.srv.WriteError(w, http.StatusNotFound, "not_found", "Job not found")
		return
	}
	out := map[string]any{"jobId": j.ID, "creditCost": j.Cost}
	switch phase {
	case PhaseQueued:
		out["status"] = "pending"
	case PhaseProcessing:
		out["status"] = "processing"
	case PhaseFailed:
		out["status"], out["error"] = "failed", j.FailMessage
	case PhaseCancelled:
		out["status"], out["error"] = "failed", "Job was cancelled"
	case PhaseCompleted:
		out["status"] = "completed"
		if u := p.srv.MediaURL(j); p.opts.VideosArray {
			out["output"] = map[string]any{"videos": []string{u}}
		} else {
			out["output"] = map[string]any{"video": u}
		}
	}
	WriteJSON(w, http.StatusOK, out)
}

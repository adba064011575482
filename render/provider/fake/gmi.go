package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
)

// GMI Cloud's request queue, as its quick-starts document it (seed 002,
// docs.gmicloud.ai/model-quickstarts/video/heygen-avatar-4; the package
// doc of render/provider/gmi lists what is confirmed and what is not).
const (
	// GMIPrefix is the queue's path below the host.
	GMIPrefix = "/api/v1/ie/requestqueue/apikey"
	// GMIKey is the key a GMI fake accepts unless told another.
	GMIKey = "gmi_FAKEKEY0123456789abcdef"
	// GMICost is what the fake charges a request, in its ledger's unit:
	// GMI publishes no price for the model, so it is one per request.
	GMICost = 1
)

// GMIModels are the model ids GMI's pages give HeyGen Avatar IV: the
// seed's quick-start and a newer page.
var GMIModels = []string{"heygen-avatar-4", "heygen-avatar-v4"}

// GMIOptions configure a GMI fake.
type GMIOptions struct {
	Options
	Key    string   // the accepted API key; "" is GMIKey
	Models []string // the model ids the queue knows; nil is GMIModels
	// FlatErrors switches the error envelope to {"error":"…","code":"…"};
	// GMI documents none, and clients accept both.
	FlatErrors bool
}

// GMI fakes GMI Cloud's request queue for HeyGen Avatar IV: POST
// {prefix}/requests with {model, payload}, GET {prefix}/requests/{id},
// Bearer auth. A request is queued, dispatched, processing, then success
// with its video at outcome.media_urls[0].url, or failed, or cancelled. It
// has no idempotency key, no cancel call and no upload call.
type GMI struct {
	srv  *Server
	opts GMIOptions
}

// NewGMI starts a GMI fake; Close stops it.
func NewGMI(o GMIOptions) *GMI {
	if o.Key == "" {
		o.Key = GMIKey
	}
	if o.Models == nil {
		o.Models = GMIModels
	}
	if o.ErrorBody == nil && o.FlatErrors {
		o.ErrorBody = flatError
	}
	g := &GMI{opts: o}
	g.srv = NewServer(o.Options)
	g.srv.Handle(RouteCreate, "POST "+GMIPrefix+"/requests", g.create)
	g.srv.Handle(RouteStatus, "GET "+GMIPrefix+"/requests/{id}", g.request)
	g.srv.Handle("other", "/", func(w http.ResponseWriter, r *http.Request) {
		g.srv.WriteError(w, http.StatusNotFound, "not_found", "No route "+r.Method+" "+r.URL.Path)
	})
	return g
}

func (g *GMI) Server() *Server { return g.srv }
func (g *GMI) Close()          { g.srv.Close() }

// BaseURL is the queue base a client is pointed at.
func (g *GMI) BaseURL() string { return g.srv.URL() + GMIPrefix }

// Key is the API key the fake accepts.
func (g *GMI) Key() string { return g.opts.Key }

// Idempotent is false: the queue has no idempotency key, so a re-sent
// create is a second paid request.
func (g *GMI) Idempotent() bool { return false }

// Body is a payload the fake accepts, speaking text: the seed's body.
func (g *GMI) Body(text string) json.RawMessage {
	b, _ := json.Marshal(map[string]any{
		"video_inputs": []any{map[string]any{
			"character": map[string]any{"type": "avatar", "avatar_id": "Daisy-inskirt-20220818", "avatar_style": "normal"},
			"voice":     map[string]any{"type": "text", "input_text": text, "voice_id": "1bd001e7e50f421d891986aad5158bc8", "speed": 1.0},
		}},
		"dimension": map[string]any{"width": 1280, "height": 720},
		"caption":   false,
	})
	return b
}

func (g *GMI) authorized(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("Authorization") != "Bearer "+g.opts.Key {
		g.srv.WriteError(w, http.StatusUnauthorized, "unauthorized", "Invalid or missing API key")
		return false
	}
	return true
}

// create enqueues a request: 400 listing every problem of the payload, 404
// for a model the queue does not know; else the request's record, queued.
func (g *GMI) create(w http.ResponseWriter, r *http.Request) {
	if !g.authorized(w, r) {
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var in struct {
		Model   *string         `json:"model"`
		Payload json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(raw, &in); err != nil || in.Model == nil || len(in.Payload) == 0 {
		g.srv.WriteError(w, http.StatusBadRequest, "invalid_request", `the body must be {"model": "…", "payload": {…}}`)
		return
	}
	if !slices.Contains(g.opts.Models, *in.Model) {
		g.srv.WriteError(w, http.StatusNotFound, "model_not_found", "model "+*in.Model+" not found")
		return
	}
	aspect, problems := gmiCheck(in.Payload)
	if len(problems) > 0 {
		g.srv.WriteError(w, http.StatusBadRequest, "invalid_request", strings.Join(problems, "; "))
		return
	}
	j, _ := g.srv.NewJob(r, JobSpec{Body: raw, Media: g.srv.MediaFor(aspect), Cost: GMICost})
	g.srv.Charge(Charge{JobID: j.ID, Cost: GMICost})
	t := j.Created.Unix()
	WriteJSON(w, http.StatusOK, map[string]any{"request_id": j.ID, "model": *in.Model, "status": "queued",
		"created_at": t, "updated_at": t, "queued_at": t})
}

// request answers GET requests/{id}: the record with its status, the
// payload as sent, and once it succeeded the outcome with a freshly signed
// media URL. A request it does not know is a 404.
func (g *GMI) request(w http.ResponseWriter, r *http.Request) {
	if !g.authorized(w, r) {
		return
	}
	j, phase, ok := g.srv.Job(r.PathValue("id"))
	if !ok {
		g.srv.WriteError(w, http.StatusNotFound, "not_found", "request not found")
		return
	}
	var sent struct {
		Model   string          `json:"model"`
		Payload json.RawMessage `json:"payload"`
	}
	json.Unmarshal(j.Body, &sent)
	t := j.Created.Unix()
	out := map[string]any{"request_id": j.ID, "org_id": "org-fake", "model": sent.Model, "status": g.word(j, phase),
		"is_public": false, "payload": sent.Payload, "outcome": nil,
		"created_at": t, "updated_at": g.srv.Clock().Now().Unix(), "queued_at": t}
	switch phase {
	case PhaseCompleted:
		out["outcome"] = map[string]any{"media_urls": []map[string]string{{"id": "0", "url": g.srv.MediaURL(j)}}}
	case PhaseFailed:
		out["error_message"] = j.FailMessage
	}
	WriteJSON(w, http.StatusOK, out)
}

// word is the request's status: queued, then dispatched for the second
// half of its time in the queue, processing, then success, failed or
// cancelled.
func (g *GMI) word(j Job, phase Phase) string {
	switch phase {
	case PhaseQueued:
		if g.srv.Clock().Now().Sub(j.Created) < g.srv.opts.Timeline.Queued/2 {
			return "queued"
		}
		return "dispatched"
	case PhaseProcessing:
		return "processing"
	case PhaseCompleted:
		return "success"
	case PhaseCancelled:
		return "cancelled"
	}
	return "failed"
}

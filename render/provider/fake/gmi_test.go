package fake

import (
	"encoding/json"
	"strings"
	"testing"
	"time"
)

func newGMI(t *testing.T, o GMIOptions) (*GMI, string) {
	o.Media = testMedia(t)
	g := NewGMI(o)
	t.Cleanup(g.Close)
	return g, "Bearer " + g.Key()
}

// gmiCreate enqueues payload with model heygen-avatar-4 and returns the
// request id.
func gmiCreate(t *testing.T, g *GMI, auth string, payload json.RawMessage) string {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"model": "heygen-avatar-4", "payload": payload})
	a := call(t, "POST", g.BaseURL()+"/requests", auth, string(body))
	m := decode(t, a.body)
	id, _ := m["request_id"].(string)
	if a.status != 200 || id == "" || m["status"] != "queued" || m["model"] != "heygen-avatar-4" {
		t.Fatalf("create: %d %s", a.status, a.body)
	}
	return id
}

// The documented life of a request: queued, dispatched, processing, then
// success with the video at outcome.media_urls[0].url, charged once.
func TestGMIRequestLife(t *testing.T) {
	g, auth := newGMI(t, GMIOptions{})
	id := gmiCreate(t, g, auth, g.Body("Hi, I'm Anna."))
	var last map[string]any
	for _, want := range []string{"queued", "dispatched", "processing", "processing", "success"} {
		a := call(t, "GET", g.BaseURL()+"/requests/"+id, auth, "")
		last = decode(t, a.body)
		if a.status != 200 || last["status"] != want || last["request_id"] != id {
			t.Fatalf("status %v, want %s: %s", last["status"], want, a.body)
		}
		g.Server().Advance(3 * time.Second)
		if want == "processing" {
			g.Server().Advance(10 * time.Second)
		}
	}
	if p, _ := last["payload"].(map[string]any); p["video_inputs"] == nil {
		t.Fatalf("the record does not echo the payload: %v", last)
	}
	urls := last["outcome"].(map[string]any)["media_urls"].([]any)
	video := urls[0].(map[string]any)["url"].(string)
	if media := call(t, "GET", video, "", ""); media.status != 200 || !isMP4(media.body) {
		t.Fatalf("media %d", media.status)
	}
	if l := g.Server().Ledger(); len(l) != 1 || l[0].JobID != id {
		t.Fatalf("ledger %v", l)
	}
}

// Every status the seed documents (queued, processing, success, failed,
// cancelled) and GMI's reference adds (dispatched) is one the fake serves.
func TestGMIServesEveryStatus(t *testing.T) {
	g, auth := newGMI(t, GMIOptions{})
	ok := gmiCreate(t, g, auth, g.Body("This one renders."))
	g.Server().Inject(RouteCreate, Fault{Kind: LateFailure, Message: "avatar not found", Times: 1})
	bad := gmiCreate(t, g, auth, g.Body("This one fails."))
	g.Server().Inject(RouteCreate, Fault{Kind: Cancelled, Times: 1})
	gone := gmiCreate(t, g, auth, g.Body("This one is cancelled."))
	seen := map[string]bool{}
	for range 12 {
		for _, id := range []string{ok, bad, gone} {
			m := decode(t, call(t, "GET", g.BaseURL()+"/requests/"+id, auth, "").body)
			word, _ := m["status"].(string)
			seen[word] = true
			if word == "failed" && m["error_message"] != "avatar not found" {
				t.Fatalf("a failed request without its reason: %v", m)
			}
		}
		g.Server().Advance(2500 * time.Millisecond)
	}
	for _, want := range []string{"queued", "dispatched", "processing", "success", "failed", "cancelled"} {
		if !seen[want] {
			t.Errorf("never served %q (served %v)", want, seen)
		}
	}
}

func TestGMIErrors(t *testing.T) {
	g, auth := newGMI(t, GMIOptions{})
	reqs := g.BaseURL() + "/requests"
	wrap := func(model, payload string) string { return `{"model":"` + model + `","payload":` + payload + `}` }
	for _, tc := range []struct {
		name, method, url, auth, body string
		status                        int
		msg                           string
	}{
		{"no key", "POST", reqs, "", wrap("heygen-avatar-4", `{}`), 401, "Invalid or missing API key"},
		{"wrong key", "GET", reqs + "/x", "Bearer nope", "", 401, "Invalid or missing API key"},
		{"no model", "POST", reqs, auth, `{"payload":{}}`, 400, "the body must be"},
		{"unknown model", "POST", reqs, auth, wrap("heygen-avatar-9", string(g.Body("x"))), 404, "heygen-avatar-9"},
		{"no video_inputs", "POST", reqs, auth, wrap("heygen-avatar-4", `{"caption":false}`), 400, "video_inputs is invalid: Field required"},
		{"every problem", "POST", reqs, auth, wrap("heygen-avatar-4", `{"video_inputs":[{"character":{"type":"robot"},"voice":{"type":"text","voice_id":"v","input_text":"hi","speed":3,"pitch":1.5}}],"dimension":{"width":1281,"height":720},"colour":"red"}`), 400,
			"colour is invalid: extra fields not permitted; video_inputs.0.character.type is invalid: must be avatar or talking_photo"},
		{"too long", "POST", reqs, auth, wrap("heygen-avatar-4", `{"video_inputs":[{"character":{"type":"avatar","avatar_id":"a"},"voice":{"type":"text","voice_id":"v","input_text":"`+strings.Repeat("a", 5001)+`"}}]}`), 400, "at most 5000 characters"},
		{"unknown request", "GET", reqs + "/nope", auth, "", 404, "request not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, tc.method, tc.url, tc.auth, tc.body)
			if a.status != tc.status || !strings.Contains(string(a.body), tc.msg) {
				t.Fatalf("%d %s, want %d saying %q", a.status, a.body, tc.status, tc.msg)
			}
		})
	}
	if n := len(g.Server().Ledger()); n != 0 {
		t.Fatalf("refused requests were charged: %v", g.Server().Ledger())
	}
}

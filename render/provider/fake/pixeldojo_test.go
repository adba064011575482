package fake

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

func newPD(t *testing.T, o PixelDojoOptions) (*PixelDojo, string) {
	o.Media = testMedia(t)
	p := NewPixelDojo(o)
	t.Cleanup(p.Close)
	return p, "Bearer " + p.Key()
}

func decode(t *testing.T, b []byte) map[string]any {
	t.Helper()
	var m map[string]any
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	return m
}

func TestPixelDojoRunAndPoll(t *testing.T) {
	p, auth := newPD(t, PixelDojoOptions{})
	a := call(t, "POST", p.BaseURL()+"/models/heygen-avatar/run", auth, string(p.Body("Hi, I'm Anna.")))
	if a.status != 200 {
		t.Fatalf("run: %d %s", a.status, a.body)
	}
	m := decode(t, a.body)
	id, _ := m["jobId"].(string)
	if !strings.HasPrefix(id, "job_") || m["status"] != "pending" || m["statusUrl"] != p.BaseURL()+"/jobs/"+id ||
		m["creditCost"] != 120.0 || m["creditsRemaining"] != float64(100*120-120) {
		t.Fatalf("run answer %s", a.body)
	}
	for _, want := range []string{"pending", "processing", "completed"} {
		a = call(t, "GET", p.BaseURL()+"/jobs/"+id, auth, "")
		if got := decode(t, a.body)["status"]; got != want {
			t.Fatalf("status %v, want %s: %s", got, want, a.body)
		}
		p.Server().Advance(15 * time.Second)
	}
	video := decode(t, a.body)["output"].(map[string]any)["video"].(string)
	if media := call(t, "GET", video, "", ""); media.status != 200 || !isMP4(media.body) {
		t.Fatalf("media %d", media.status)
	}
	if l := p.Server().Ledger(); len(l) != 1 || l[0].JobID != id || l[0].Cost != 120 || p.Credits() != 100*120-120 {
		t.Fatalf("ledger %v credits %d", l, p.Credits())
	}
}

func TestPixelDojoErrors(t *testing.T) {
	p, auth := newPD(t, PixelDojoOptions{Voices: []string{"Ivy"}})
	run := p.BaseURL() + "/models/heygen-avatar/run"
	for _, tc := range []struct {
		name, url, auth, body string
		status                int
		code, msg             string
	}{
		{"no key", run, "", `{}`, 401, "unauthorized", "Invalid or missing API key"},
		{"wrong key", run, "Bearer pd_nope", `{}`, 401, "unauthorized", ""},
		{"other model", p.BaseURL() + "/models/flux/run", auth, `{}`, 404, "model_not_found", "flux"},
		{"not an object", run, auth, `[1]`, 400, "invalid_request", "JSON object"},
		{"image missing", run, auth, `{"prompt":"hi"}`, 400, "invalid_request", "image is required"},
		{"image not a URL", run, auth, `{"image":"anna.png","prompt":"hi"}`, 400, "invalid_request", "image must be an http(s) URL"},
		{"no prompt or audio", run, auth, `{"image":"https://x.example/a.png"}`, 400, "invalid_request", "prompt is required unless audio_url"},
		{"enums", run, auth, `{"image":"https://x.example/a.png","prompt":"hi","talking_style":"wild","aspect_ratio":"4:5","resolution":"4k"}`, 400, "invalid_request", "aspect_ratio must be one of 16:9,9:16,1:1"},
		{"voice", run, auth, `{"image":"https://x.example/a.png","prompt":"hi","voice":"Melissa"}`, 400, "invalid_request", `voice "Melissa"`},
		{"types", run, auth, `{"image":"https://x.example/a.png","prompt":"hi","caption":"yes","expressionHappy":1}`, 400, "invalid_request", "caption must be a boolean"},
		{"background", run, auth, `{"image":"https://x.example/a.png","prompt":"hi","backgroundType":"color","backgroundValue":"blue"}`, 400, "invalid_request", "hex color"},
		{"unknown field (seed sample)", run, auth, `{"prompt":"waves","aspect_ratio":"16:9","duration":5}`, 400, "invalid_request", `unknown parameter "duration"`},
		{"unknown job", p.BaseURL() + "/jobs/job_nope", auth, "", 404, "not_found", "Job not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			method := "POST"
			if tc.body == "" {
				method = "GET"
			}
			a := call(t, method, tc.url, tc.auth, tc.body)
			e, _ := decode(t, a.body)["error"].(map[string]any)
			if a.status != tc.status || e["code"] != tc.code || !strings.Contains(e["message"].(string), tc.msg) {
				t.Fatalf("got %d %s", a.status, a.body)
			}
		})
	}
	if len(p.Server().Ledger()) != 0 {
		t.Fatal("a rejected request was charged")
	}
}

func TestPixelDojoInsufficientCredits(t *testing.T) {
	p, auth := newPD(t, PixelDojoOptions{Credits: 200})
	run := p.BaseURL() + "/models/heygen-avatar/run"
	if a := call(t, "POST", run, auth, string(p.Body("one"))); a.status != 200 {
		t.Fatalf("first run %d", a.status)
	}
	a := call(t, "POST", run, auth, string(p.Body("two")))
	if e := decode(t, a.body)["error"].(map[string]any); a.status != 402 || e["code"] != "insufficient_credits" {
		t.Fatalf("got %d %s", a.status, a.body)
	}
	if p.Credits() != 80 || len(p.Server().Ledger()) != 1 {
		t.Fatalf("credits %d ledger %v", p.Credits(), p.Server().Ledger())
	}
}

func TestPixelDojoVariants(t *testing.T) {
	p, auth := newPD(t, PixelDojoOptions{FlatErrors: true, VideosArray: true})
	a := call(t, "POST", p.BaseURL()+"/models/heygen-avatar/run", auth, `{}`)
	if m := decode(t, a.body); a.status != 400 || m["code"] != "invalid_request" || !strings.Contains(m["error"].(string), "image is required") {
		t.Fatalf("flat error: %d %s", a.status, a.body)
	}
	a = call(t, "POST", p.BaseURL()+"/models/heygen-avatar/run", auth, string(p.Body("hi")))
	id := decode(t, a.body)["jobId"].(string)
	p.Server().Advance(time.Minute)
	a = call(t, "GET", p.BaseURL()+"/jobs/"+id, auth, "")
	videos := decode(t, a.body)["output"].(map[string]any)["videos"].([]any)
	if len(videos) != 1 || !strings.HasPrefix(videos[0].(string), "http://127.0.0.1") {
		t.Fatalf("output %s", a.body)
	}
}

func TestPixelDojoLateFailure(t *testing.T) {
	p, auth := newPD(t, PixelDojoOptions{})
	p.Server().Inject(RouteCreate, Fault{Kind: LateFailure, Message: "Face not detected in image", Times: 1})
	a := call(t, "POST", p.BaseURL()+"/models/heygen-avatar/run", auth, string(p.Body("hi")))
	id := decode(t, a.body)["jobId"].(string)
	p.Server().Advance(time.Minute)
	a = call(t, "GET", p.BaseURL()+"/jobs/"+id, auth, "")
	if m := decode(t, a.body); m["status"] != "failed" || m["error"] != "Face not detected in image" || m["output"] != nil {
		t.Fatalf("%s", a.body)
	}
}

func TestPixelDojoUnknownRoute(t *testing.T) {
	p, auth := newPD(t, PixelDojoOptions{})
	if a := call(t, "GET", p.BaseURL()+"/nope", auth, ""); a.status != http.StatusNotFound {
		t.Fatalf("%d", a.status)
	}
}

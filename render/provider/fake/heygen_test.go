package fake

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

func heygenStart(t *testing.T, o HeyGenOptions) *HeyGen {
	t.Helper()
	o.Media = testMedia(t)
	h := NewHeyGen(o)
	t.Cleanup(h.Close)
	return h
}

// heygenReq is one request with HeyGen's X-Api-Key, sent without retries.
type heygenReq struct {
	method, url, key, ctype, body string
	header                        map[string]string
}

func (q heygenReq) do(t *testing.T) answer {
	t.Helper()
	var rd io.Reader
	if q.body != "" {
		rd = strings.NewReader(q.body)
	}
	req, err := http.NewRequest(q.method, q.url, rd)
	if err != nil {
		t.Fatal(err)
	}
	if q.key != "" {
		req.Header.Set("X-Api-Key", q.key)
	}
	if q.ctype != "" {
		req.Header.Set("Content-Type", q.ctype)
	} else if q.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	for k, v := range q.header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return answer{err: err}
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	return answer{resp.StatusCode, resp.Header, b, err}
}

func (h *HeyGen) get(t *testing.T, path string) answer {
	t.Helper()
	return heygenReq{method: "GET", url: h.BaseURL() + path, key: h.Key()}.do(t)
}

func (h *HeyGen) post(t *testing.T, path, body string) answer {
	t.Helper()
	return heygenReq{method: "POST", url: h.BaseURL() + path, key: h.Key(), body: body}.do(t)
}

// dig follows a path of object keys and array indexes through JSON.
func heygenDig(t *testing.T, b []byte, path ...any) any {
	t.Helper()
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		t.Fatalf("not JSON: %s", b)
	}
	for _, p := range path {
		switch p := p.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[p]
		case int:
			a, _ := v.([]any)
			if p >= len(a) {
				return nil
			}
			v = a[p]
		}
	}
	return v
}

func heygenMust(t *testing.T, a answer, status int) {
	t.Helper()
	if a.err != nil || a.status != status {
		t.Fatalf("got %d %v %s, want %d", a.status, a.err, a.body, status)
	}
}

func TestHeyGenV3Lifecycle(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	a := h.post(t, "/v3/videos", string(h.Body("Hi, I'm Anna from Acme.")))
	heygenMust(t, a, 200)
	id, _ := heygenDig(t, a.body, "data", "video_id").(string)
	if id == "" || heygenDig(t, a.body, "data", "status") != "waiting" || heygenDig(t, a.body, "data", "output_format") != "mp4" {
		t.Fatalf("create answer %s", a.body)
	}
	for _, want := range []string{"pending", "processing", "completed"} {
		a = h.get(t, "/v3/videos/"+id)
		heygenMust(t, a, 200)
		if got := heygenDig(t, a.body, "data", "status"); got != want {
			t.Fatalf("status %v, want %s: %s", got, want, a.body)
		}
		if want != "completed" && heygenDig(t, a.body, "data", "video_url") != nil {
			t.Fatalf("a %s video has a URL: %s", want, a.body)
		}
		h.Server().Advance(15 * time.Second)
	}
	for _, k := range []string{"video_url", "captioned_video_url", "subtitle_url", "thumbnail_url", "gif_url"} {
		u, _ := heygenDig(t, a.body, "data", k).(string)
		got := call(t, "GET", u, "", "")
		if got.status != 200 || len(got.body) == 0 {
			t.Fatalf("%s: %d", k, got.status)
		}
		if k == "video_url" && !isMP4(got.body) {
			t.Fatal("video_url is not an MP4")
		}
		if k == "subtitle_url" && !strings.Contains(string(got.body), "00:00:00,000 --> ") {
			t.Fatalf("subtitles: %s", got.body)
		}
	}
	if d, _ := heygenDig(t, a.body, "data", "duration").(float64); d <= 0 {
		t.Fatalf("duration %v", d)
	}
	again := h.get(t, "/v3/videos/"+id)
	if heygenDig(t, again.body, "data", "video_url") == heygenDig(t, a.body, "data", "video_url") {
		t.Fatal("the video URL was not signed afresh")
	}
	if l := h.Server().Ledger(); len(l) != 1 || l[0].JobID != id || h.Credits() != 1000-l[0].Cost {
		t.Fatalf("ledger %+v credits %d", l, h.Credits())
	}
}

func TestHeyGenV3Statuses(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	a := heygenDig(t, h.post(t, "/v3/videos", string(h.Body("one"))).body, "data", "video_id").(string)
	h.Server().Inject(RouteCreate, Fault{Kind: LateFailure, Code: "bad_avatar", Message: "Avatar not usable", Times: 1})
	b := heygenDig(t, h.post(t, "/v3/videos", string(h.Body("two"))).body, "data", "video_id").(string)
	got := h.get(t, "/v3/videos/statuses?video_ids="+a+",nope,"+b)
	heygenMust(t, got, 200)
	if heygenDig(t, got.body, "data", 0, "status") != "queued" || heygenDig(t, got.body, "data", 1, "status") != "not_found" ||
		heygenDig(t, got.body, "data", 2, "video_id") != b || heygenDig(t, got.body, "has_more") != false {
		t.Fatalf("bulk %s", got.body)
	}
	h.Server().Advance(time.Minute)
	got = h.get(t, "/v3/videos/statuses?video_ids="+a+","+b)
	if heygenDig(t, got.body, "data", 0, "status") != "completed" || heygenDig(t, got.body, "data", 1, "status") != "failed" ||
		heygenDig(t, got.body, "data", 1, "error", "code") != "bad_avatar" {
		t.Fatalf("bulk %s", got.body)
	}
	one := h.get(t, "/v3/videos/"+b)
	if heygenDig(t, one.body, "data", "failure_code") != "bad_avatar" || heygenDig(t, one.body, "data", "failure_message") != "Avatar not usable" {
		t.Fatalf("get %s", one.body)
	}
	heygenMust(t, h.get(t, "/v3/videos/statuses"), 400)
	heygenMust(t, h.get(t, "/v3/videos/statuses?video_ids="+strings.Repeat("x,", 101)), 400)

	// A video cancelled at HeyGen reads failed in both calls, and the bulk
	// one says why as the single one does.
	h.Server().Inject(RouteCreate, Fault{Kind: Cancelled, Times: 1})
	c := heygenDig(t, h.post(t, "/v3/videos", string(h.Body("three"))).body, "data", "video_id").(string)
	h.Server().Advance(time.Minute)
	got = h.get(t, "/v3/videos/statuses?video_ids="+c+","+a)
	one = h.get(t, "/v3/videos/"+c)
	why := heygenDig(t, one.body, "data", "failure_message")
	if heygenDig(t, got.body, "data", 0, "status") != "failed" || why == nil || heygenDig(t, got.body, "data", 0, "error", "message") != why {
		t.Fatalf("a cancelled video: bulk %s, get %s", got.body, one.body)
	}
}

func TestHeyGenV3Refusals(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{TextLimit: 20})
	av := `"type":"avatar","avatar_id":"Angela-inTshirt-20220820"`
	for _, tc := range []struct {
		name, key, body string
		status          int
		code, param     string
		msg             string
	}{
		{"no key", "", `{}`, 401, "unauthorized", "", "API key"},
		{"wrong key", "nope", `{}`, 401, "unauthorized", "", ""},
		{"not an object", HeyGenKey, `[1]`, 400, "invalid_parameter", "", ""},
		{"unknown type", HeyGenKey, `{"type":"avatar_x","avatar_id":"a"}`, 400, "invalid_parameter", "type", `"avatar"`},
		{"unknown field", HeyGenKey, `{` + av + `,"script":"hi","voice":"x"}`, 400, "invalid_parameter", "voice", "voice"},
		{"missing avatar", HeyGenKey, `{"type":"avatar","script":"hi"}`, 400, "invalid_parameter", "avatar_id", "avatar_id"},
		{"bad enum", HeyGenKey, `{` + av + `,"script":"hi","aspect_ratio":"4:3"}`, 400, "invalid_parameter", "aspect_ratio", ""},
		{"bad engine", HeyGenKey, `{` + av + `,"script":"hi","engine":{"type":"avatar_vi"}}`, 400, "invalid_parameter", "engine.type", "avatar_v"},
		{"mismatched asset", HeyGenKey, `{"type":"image","image":{"type":"url","asset_id":"x"},"script":"hi","voice_id":"v"}`, 400, "invalid_parameter", "image.url", "'asset_id' not allowed"},
		{"script and audio", HeyGenKey, `{` + av + `,"script":"hi","audio_url":"https://x.example/a.mp3"}`, 400, "invalid_parameter", "script", "mutually exclusive"},
		{"no speech", HeyGenKey, `{` + av + `}`, 400, "invalid_parameter", "script", "required"},
		{"image needs a voice", HeyGenKey, `{"type":"image","image":{"type":"url","url":"https://x.example/a.png"},"script":"hi"}`, 400, "invalid_parameter", "voice_id", ""},
		{"too long", HeyGenKey, `{` + av + `,"script":"` + strings.Repeat("a", 21) + `"}`, 400, "invalid_parameter", "script", "at most 20"},
		{"webm background", HeyGenKey, `{` + av + `,"script":"hi","output_format":"webm","background":{"type":"color","value":"#000000"}}`, 400, "invalid_parameter", "background", "webm"},
		{"color not hex", HeyGenKey, `{` + av + `,"script":"hi","background":{"type":"color","value":"blue"}}`, 400, "invalid_parameter", "background.value", "hex"},
		{"studio scene", HeyGenKey, `{"type":"studio","scenes":[{"type":"avatar_video","input":{` + av + `,"script":"hi","background":{"type":"color","value":"#fff"}}}]}`, 400, "invalid_parameter", "scenes.0.input.background.color", "missing property 'color'"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := heygenReq{method: "POST", url: h.BaseURL() + "/v3/videos", key: tc.key, body: tc.body}.do(t)
			heygenMust(t, a, tc.status)
			if heygenDig(t, a.body, "error", "code") != tc.code || !strings.Contains(heygenDig(t, a.body, "error", "message").(string), tc.msg) {
				t.Fatalf("body %s", a.body)
			}
			if p, _ := heygenDig(t, a.body, "error", "param").(string); tc.param != "" && p != tc.param {
				t.Fatalf("param %q, want %q: %s", p, tc.param, a.body)
			}
		})
	}
	ok := `{` + av + `,"script":"hi","title":null,"engine":{"type":"avatar_v"},"voice_settings":{"speed":1.1,"engine_settings":null}}`
	heygenMust(t, h.post(t, "/v3/videos", ok), 200)
	if n := len(h.Server().Ledger()); n != 1 {
		t.Fatalf("%d charges, want 1: refusals must not charge", n)
	}
	heygenMust(t, h.get(t, "/v3/videos/nope"), 404)
}

func TestHeyGenV3Credits(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{Credits: 2})
	a := h.post(t, "/v3/videos", string(h.Body("hi")))
	heygenMust(t, a, 402)
	if heygenDig(t, a.body, "error", "code") != "insufficient_credit" || len(h.Server().Ledger()) != 0 {
		t.Fatalf("body %s", a.body)
	}
	h.SetCredits(3)
	heygenMust(t, h.post(t, "/v3/videos", string(h.Body("hi"))), 200)
	if h.Credits() != 0 {
		t.Fatalf("credits %d", h.Credits())
	}
}

func TestHeyGenV3Concurrency(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{Concurrency: 1})
	heygenMust(t, h.post(t, "/v3/videos", string(h.Body("one"))), 200)
	h.Server().Advance(10 * time.Second)
	a := h.post(t, "/v3/videos", string(h.Body("two")))
	heygenMust(t, a, 429)
	if a.header.Get("Retry-After") != "15" || heygenDig(t, a.body, "error", "code") != "rate_limit_exceeded" {
		t.Fatalf("%v %s", a.header, a.body)
	}
	h.Server().Advance(15 * time.Second)
	heygenMust(t, h.post(t, "/v3/videos", string(h.Body("two"))), 200)
}

func TestHeyGenIdempotency(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	send := func(key, body string) answer {
		return heygenReq{method: "POST", url: h.BaseURL() + "/v3/videos", key: h.Key(), body: body,
			header: map[string]string{"Idempotency-Key": key}}.do(t)
	}
	body := string(h.Body("once"))
	first := send("k1", body)
	heygenMust(t, first, 200)
	again := send("k1", strings.ReplaceAll(body, ",", ", "))
	heygenMust(t, again, 200)
	if !bytes.Equal(first.body, again.body) || len(h.Server().Ledger()) != 1 {
		t.Fatalf("replay %s vs %s, ledger %v", again.body, first.body, h.Server().Ledger())
	}
	other := send("k1", string(h.Body("twice")))
	if other.status != 409 || heygenDig(t, other.body, "error", "code") != "idempotency_key_reused" {
		t.Fatalf("reuse: %d %s", other.status, other.body)
	}
	held := h.HoldCreates()
	done := make(chan answer)
	go func() { done <- send("k2", body) }()
	<-held
	busy := send("k2", body)
	if busy.status != 409 || heygenDig(t, busy.body, "error", "code") != "request_in_progress" {
		t.Fatalf("in flight: %d %s", busy.status, busy.body)
	}
	h.Release()
	heygenMust(t, <-done, 200)
	h.Server().Advance(24*time.Hour + time.Second)
	late := send("k1", body)
	heygenMust(t, late, 200)
	if heygenDig(t, late.body, "data", "video_id") == heygenDig(t, first.body, "data", "video_id") || len(h.Server().Ledger()) != 3 {
		t.Fatalf("after 24 h the key still replays: %s", late.body)
	}
	bad := send("k3", `{}`)
	heygenMust(t, bad, 400)
	heygenMust(t, send("k3", body), 200) // a refused request frees its key
}

func TestHeyGenV3Delete(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	id := heygenDig(t, h.post(t, "/v3/videos", string(h.Body("bye"))).body, "data", "video_id").(string)
	del := heygenReq{method: "DELETE", url: h.BaseURL() + "/v3/videos/" + id, key: h.Key()}
	a := del.do(t)
	heygenMust(t, a, 200)
	if heygenDig(t, a.body, "data", "deleted") != true {
		t.Fatalf("%s", a.body)
	}
	heygenMust(t, h.get(t, "/v3/videos/"+id), 404)
	heygenMust(t, del.do(t), 404)
	if s := heygenDig(t, h.get(t, "/v3/videos/statuses?video_ids="+id).body, "data", 0, "status"); s != "not_found" {
		t.Fatalf("bulk status of a deleted video: %v", s)
	}
}

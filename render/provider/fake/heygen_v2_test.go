package fake

import (
	"strings"
	"testing"
	"time"
)

func TestHeyGenV2GenerateAndV1Status(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{API: HeyGenV2})
	a := h.post(t, "/v2/video/generate", string(h.Body("Welcome to the HeyGen API!")))
	heygenMust(t, a, 200)
	id, _ := heygenDig(t, a.body, "data", "video_id").(string)
	if id == "" || !strings.HasPrefix(string(a.body), `{"data"`) || heygenDig(t, a.body, "error") != nil {
		t.Fatalf("generate %s", a.body)
	}
	keys := []string{"callback_id", "caption_url", "created_at", "duration", "error", "gif_url", "id", "status",
		"thumbnail_url", "video_url", "video_url_caption"}
	for _, want := range []string{"waiting", "pending", "processing", "completed"} {
		a = h.get(t, "/v1/video_status.get?video_id="+id)
		heygenMust(t, a, 200)
		if heygenDig(t, a.body, "code") != 100.0 || heygenDig(t, a.body, "message") != "Success" || heygenDig(t, a.body, "data", "status") != want {
			t.Fatalf("want %s: %s", want, a.body)
		}
		data := heygenDig(t, a.body, "data").(map[string]any)
		for _, k := range keys {
			if _, ok := data[k]; !ok {
				t.Fatalf("key %s missing: %s", k, a.body)
			}
		}
		h.Server().Advance(3 * time.Second)
		if want == "processing" {
			h.Server().Advance(20 * time.Second)
		}
	}
	if u, _ := heygenDig(t, a.body, "data", "video_url").(string); !isMP4(call(t, "GET", u, "", "").body) {
		t.Fatal("video_url is not an MP4")
	}
	if heygenDig(t, a.body, "data", "caption_url") != nil {
		t.Fatal("caption_url without captions")
	}
	heygenMust(t, h.get(t, "/v1/video_status.get?video_id=nope"), 404)
	heygenMust(t, h.get(t, "/v1/video_status.get"), 400)
	if a := (heygenReq{method: "GET", url: h.BaseURL() + "/v1/video_status.get?video_id=" + id}).do(t); a.status != 401 || heygenDig(t, a.body, "code") != 40009.0 {
		t.Fatalf("no key: %d %s", a.status, a.body)
	}
}

func TestHeyGenV2Validation(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{API: HeyGenV2, TextLimit: 1500})
	in := func(scene string) string {
		return `{"video_inputs":[` + scene + `]}`
	}
	avatar := `"character":{"type":"avatar","avatar_id":"a"}`
	text := `"voice":{"type":"text","voice_id":"v","input_text":"hi"}`
	for _, tc := range []struct{ name, body, msg string }{
		{"no inputs", `{}`, "video_inputs is invalid: Field required"},
		{"empty inputs", `{"video_inputs":[]}`, "1 to 50"},
		{"51 inputs", `{"video_inputs":[` + strings.TrimSuffix(strings.Repeat(`{`+avatar+`,`+text+`},`, 51), ",") + `]}`, "not 51"},
		{"unknown field", `{"video_inputs":[{` + avatar + `,` + text + `}],"ratio":"16:9"}`, "ratio is invalid: extra fields"},
		{"character type", in(`{"character":{"type":"robot"},` + text + `}`), "must be avatar or talking_photo"},
		{"avatar id", in(`{"character":{"type":"avatar"},` + text + `}`), "character.avatar_id is invalid: Field required"},
		{"talking photo id", in(`{"character":{"type":"talking_photo","talking_photo_id":""},` + text + `}`), "talking_photo_id is invalid: must not be empty"},
		{"circle color", in(`{"character":{"type":"avatar","avatar_id":"a","circle_background_color":"red"},` + text + `}`), "circle_background_color is invalid: must be a hex color"},
		{"no voice", in(`{` + avatar + `}`), "voice is invalid: Field required"},
		{"text too long", in(`{` + avatar + `,"voice":{"type":"text","voice_id":"v","input_text":"` + strings.Repeat("a", 1501) + `"}}`), "at most 1500"},
		{"speed", in(`{` + avatar + `,"voice":{"type":"text","voice_id":"v","input_text":"hi","speed":2}}`), "speed is invalid"},
		{"emotion", in(`{` + avatar + `,"voice":{"type":"text","voice_id":"v","input_text":"hi","emotion":"Angry"}}`), "emotion is invalid"},
		{"audio source", in(`{` + avatar + `,"voice":{"type":"audio"}}`), "audio_url or audio_asset_id is required"},
		{"silence", in(`{` + avatar + `,"voice":{"type":"silence"}}`), "duration"},
		{"image background", in(`{` + avatar + `,` + text + `,"background":{"type":"image"}}`), "url or image_asset_id is required"},
		{"play style", in(`{` + avatar + `,` + text + `,"background":{"type":"video","url":"https://x.example/b.mp4","play_style":"bounce"}}`), "play_style is invalid"},
		{"dimension", `{"video_inputs":[{` + avatar + `,` + text + `}],"dimension":{"width":1281,"height":720}}`, "dimension.width is invalid"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := h.post(t, "/v2/video/generate", tc.body)
			heygenMust(t, a, 400)
			if msg, _ := heygenDig(t, a.body, "error", "message").(string); !strings.Contains(msg, tc.msg) || heygenDig(t, a.body, "data") != nil {
				t.Fatalf("body %s, want %q", a.body, tc.msg)
			}
		})
	}
	ok := in(`{"character":{"type":"talking_photo","talking_photo_id":"tp","talking_style":"expressive","expression":"happy","scale":1,"offset":{"x":0,"y":0}},` +
		`"voice":{"type":"silence","duration":1.5},"background":{"type":"color","value":"#0A2540"}}`)
	heygenMust(t, h.post(t, "/v2/video/generate", ok), 200)
}

// Failures HeyGen reports only when polled: credits (a string code), a
// video over the plan's length (a numeric code), an asset never uploaded.
func TestHeyGenLateFailures(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{API: HeyGenV2, MaxSeconds: 10})
	long := string(h.Body(strings.Repeat("word ", 40)))
	tooLong := heygenDig(t, h.post(t, "/v2/video/generate", long).body, "data", "video_id").(string)
	noAsset := heygenDig(t, h.post(t, "/v2/video/generate", `{"video_inputs":[{"character":{"type":"avatar","avatar_id":"a"},`+
		`"voice":{"type":"audio","audio_asset_id":"sha256:abc"}}]}`).body, "data", "video_id").(string)
	h.SetCredits(0)
	broke := heygenDig(t, h.post(t, "/v2/video/generate", string(h.Body("hi"))).body, "data", "video_id").(string)
	h.Server().Advance(time.Minute)
	for _, tc := range []struct {
		id   string
		code any
		msg  string
	}{
		{tooLong, 40119.0, "Video is too long"},
		{noAsset, "asset_not_found", `"sha256:abc" is not an uploaded asset`},
		{broke, "MOVIO_PAYMENT_INSUFFICIENT_CREDIT", "Insufficient credit"},
	} {
		a := h.get(t, "/v1/video_status.get?video_id="+tc.id)
		if heygenDig(t, a.body, "data", "status") != "failed" || heygenDig(t, a.body, "data", "error", "code") != tc.code ||
			!strings.Contains(heygenDig(t, a.body, "data", "error", "message").(string), tc.msg) {
			t.Fatalf("%s", a.body)
		}
	}
	if d := heygenDig(t, h.get(t, "/v1/video_status.get?video_id="+tooLong).body, "data", "error", "detail"); !strings.Contains(d.(string), "> 10.0s") {
		t.Fatalf("detail %v", d)
	}
	if n := len(h.Server().Ledger()); n != 0 {
		t.Fatalf("%d charges for videos that failed", n)
	}
}

func TestHeyGenAV4(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{API: HeyGenAV4})
	for _, tc := range []struct{ name, body, msg string }{
		{"empty", `{}`, "image_key is invalid: Field required; video_title is invalid: Field required; voice_id is invalid: Field required"},
		{"no scenes", `{"image_key":"k","video_title":"t","voice_id":"v","dimension":{"width":1080,"height":1920}}`, "scenes is invalid: Field required"},
		{"no dimension", `{"image_key":"k","video_title":"t","voice_id":"v","scenes":[{"script":"hi"}]}`, "dimension is invalid: Field required"},
		{"scene script", `{"image_key":"k","video_title":"t","voice_id":"v","dimension":{"width":1080,"height":1920},"scenes":[{"emotion":"Friendly"}]}`, "scenes.0.script is invalid"},
		{"scene field", `{"image_key":"k","video_title":"t","voice_id":"v","dimension":{"width":1080,"height":1920},"scenes":[{"script":"hi","motion":"x"}]}`, "scenes.0.motion is invalid: extra fields"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := h.post(t, "/v2/video/av4/generate", tc.body)
			heygenMust(t, a, 400)
			if msg, _ := heygenDig(t, a.body, "error", "message").(string); !strings.Contains(msg, tc.msg) {
				t.Fatalf("body %s, want %q", a.body, tc.msg)
			}
		})
	}
	up := heygenReq{method: "POST", url: h.UploadURL() + "/v1/asset", key: h.Key(), ctype: "image/png", body: "\x89PNG fake"}.do(t)
	heygenMust(t, up, 200)
	key, _ := heygenDig(t, up.body, "data", "image_key").(string)
	body := strings.Replace(string(h.Body("Hi there.")), `"image_key":"`+HeyGenAvatars[3].ID+`"`, `"image_key":"`+key+`"`, 1)
	good := heygenDig(t, h.post(t, "/v2/video/av4/generate", body).body, "data", "video_id").(string)
	bad := heygenDig(t, h.post(t, "/v2/video/av4/generate", strings.Replace(body, key, "image/0000/original", 1)).body, "data", "video_id").(string)
	h.Server().Advance(time.Minute)
	a := h.get(t, "/v1/video_status.get?video_id="+good)
	if heygenDig(t, a.body, "data", "status") != "completed" || heygenDig(t, a.body, "data", "video_url_caption") == nil {
		t.Fatalf("%s", a.body)
	}
	cap, _ := heygenDig(t, a.body, "data", "caption_url").(string)
	if got := call(t, "GET", cap, "", ""); !strings.Contains(string(got.body), "Dialogue: 0,0:00:00.00,") {
		t.Fatalf("captions %d %s", got.status, got.body)
	}
	if heygenDig(t, h.get(t, "/v1/video_status.get?video_id="+bad).body, "data", "status") != "failed" {
		t.Fatal("an unknown image_key rendered")
	}
}

// TestHeyGenV2TestIsFree: a generate with test: true (seed 004) is taken
// and rendered as any other, and charges nothing; one without is charged.
func TestHeyGenV2TestIsFree(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{API: HeyGenV2})
	body := strings.Replace(string(h.Body("A test render.")), "{", `{"test":true,`, 1)
	a := h.post(t, "/v2/video/generate", body)
	heygenMust(t, a, 200)
	if id, _ := heygenDig(t, a.body, "data", "video_id").(string); id == "" {
		t.Fatalf("generate %s", a.body)
	}
	if got := h.Server().Ledger(); len(got) != 0 {
		t.Fatalf("a test render was charged: %+v", got)
	}
	heygenMust(t, h.post(t, "/v2/video/generate", string(h.Body("A real render."))), 200)
	if got := h.Server().Ledger(); len(got) != 1 {
		t.Fatalf("want the real render charged once, got %+v", got)
	}
}

package fake

import (
	"strings"
	"testing"
)

func TestFalValidation(t *testing.T) {
	f, auth := newFal(t, FalOptions{Voices: []string{"Melissa", "Hope "}})
	const img = `"image_url":"https://v3b.fal.media/files/b/1/anna.png"`
	for _, tc := range []struct {
		name, body string
		want       []string // "loc: msg (type)" of every issue, in order
	}{
		{"not an object", `[1]`, []string{"body: Input should be a valid dictionary or object to extract fields from (model_attributes_type)"}},
		{"empty", `{}`, []string{"body.image_url: Field required (missing)", "body: Value error, either prompt or audio_url is required (value_error)"}},
		{"unknown field", `{` + img + `,"prompt":"hi","duration":5}`, []string{"body.duration: Extra inputs are not permitted (extra_forbidden)"}},
		{"enums", `{` + img + `,"prompt":"hi","talking_style":"wild","resolution":"4k","aspect_ratio":"4:5"}`, []string{
			"body.aspect_ratio: Input should be '16:9', '9:16' or '1:1' (enum)",
			"body.resolution: Input should be '360p', '480p', '540p', '720p' or '1080p' (enum)",
			"body.talking_style: Input should be 'stable' or 'expressive' (enum)"}},
		{"voice", `{` + img + `,"prompt":"hi","voice":"Hope"}`, []string{"body.voice: Input should be 'Melissa' or 'Hope ' (enum)"}},
		{"types", `{"image_url":7,"prompt":"hi","caption":"yes"}`, []string{
			"body.caption: Input should be a valid boolean (bool_type)", "body.image_url: Input should be a valid string (string_type)"}},
		{"asset not uploaded", `{"image_url":"sha256:ab12","audio_url":"sha256:cd34"}`, []string{
			"body.audio_url: Input should be a valid URL or data URI (url_parsing)", "body.image_url: Input should be a valid URL or data URI (url_parsing)"}},
		{"background", `{` + img + `,"prompt":"hi","background":{"type":"color","value":"navy","fit":"cover"}}`, []string{
			"body.background.fit: Extra inputs are not permitted (extra_forbidden)",
			"body.background.value: Value error, a color background needs a hex color such as #0A2540 (value_error)"}},
		{"background URL", `{` + img + `,"prompt":"hi","background":{"type":"video","value":"sha256:ab"}}`, []string{
			"body.background.value: Value error, a background of type video needs a URL (value_error)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := call(t, "POST", f.QueueURL()+"/"+FalEndpoint, auth, tc.body)
			if a.status != 422 {
				t.Fatalf("got %d %s", a.status, a.body)
			}
			var got []string
			for _, it := range decode(t, a.body)["detail"].([]any) {
				m := it.(map[string]any)
				var loc []string
				for _, l := range m["loc"].([]any) {
					loc = append(loc, l.(string))
				}
				got = append(got, strings.Join(loc, ".")+": "+m["msg"].(string)+" ("+m["type"].(string)+")")
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Fatalf("issues:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
	if len(f.Server().Ledger()) != 0 || len(f.Server().Jobs()) != 0 {
		t.Fatal("a refused input made a job")
	}
}

func TestFalValidInputs(t *testing.T) {
	f, auth := newFal(t, FalOptions{WideAspects: true})
	for _, body := range []string{
		`{"image_url":"https://x.example/a.png","prompt":"hi"}`,
		`{"image_url":"data:image/png;base64,iVBORw0KGgo=","audio_url":"https://x.example/a.mp3","caption":true,"expression":"happy"}`,
		`{"image_url":"https://x.example/a.png","prompt":"hi","voice":"Hope ","aspect_ratio":"4:5","background":{"type":"image","value":"https://x.example/bg.png"}}`,
		`{"image_url":"https://x.example/a.png","prompt":"hi","background":{"value":"#0A2540"}}`,
	} {
		if a := call(t, "POST", f.QueueURL()+"/"+FalEndpoint, auth, body); a.status != 200 {
			t.Errorf("%s: %d %s", body, a.status, a.body)
		}
	}
}

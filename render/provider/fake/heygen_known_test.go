package fake

import (
	"strings"
	"testing"
)

// A StrictCatalog fake refuses, on every API, a create naming an avatar,
// a talking photo or a voice its catalog lacks, in that API's envelope,
// and creates nothing; the catalog's own ids are taken.
func TestHeyGenStrictCatalogRefusesUnknownIDs(t *testing.T) {
	known := HeyGenVoices[0].ID
	for _, tc := range []struct {
		name, api, path, body, code, param string
	}{
		{"v3 avatar", HeyGenV3, "/v3/videos",
			`{"type":"avatar","avatar_id":"No-Such-Avatar","script":"Hi.","voice_id":"` + known + `"}`, "avatar_not_found", "avatar_id"},
		{"v3 scene voice", HeyGenV3, "/v3/videos",
			`{"type":"studio","scenes":[{"type":"avatar_video","input":{"type":"avatar","avatar_id":"` + HeyGenAvatars[0].ID + `","script":"Hi.","voice_id":"nosuchvoice"}}]}`, "voice_not_found", "scenes.0.input.voice_id"},
		{"v2 talking photo", HeyGenV2, "/v2/video/generate",
			`{"video_inputs":[{"character":{"type":"talking_photo","talking_photo_id":"nosuchphoto"},"voice":{"type":"text","voice_id":"` + known + `","input_text":"Hi."}}]}`, "avatar_not_found", ""},
		{"av4 talking photo", HeyGenAV4, "/v2/video/av4/generate",
			`{"image_key":"nosuchphoto","voice_id":"` + known + `","video_title":"T","dimension":{"width":1080,"height":1920},"scenes":[{"script":"Hi."}]}`, "avatar_not_found", ""},
		{"v2 voice", HeyGenV2, "/v2/video/generate",
			`{"video_inputs":[{"character":{"type":"avatar","avatar_id":"` + HeyGenAvatars[0].ID + `"},"voice":{"type":"text","voice_id":"nosuchvoice","input_text":"Hi."}}]}`, "voice_not_found", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := heygenStart(t, HeyGenOptions{API: tc.api, StrictCatalog: true})
			a := h.post(t, tc.path, tc.body)
			heygenMust(t, a, 400)
			if got := heygenDig(t, a.body, "error", "code"); got != tc.code {
				t.Fatalf("code %v, want %s: %s", got, tc.code, a.body)
			}
			if msg, _ := heygenDig(t, a.body, "error", "message").(string); !strings.HasSuffix(msg, " not found or no longer available.") {
				t.Fatalf("message %q", msg)
			}
			if tc.api == HeyGenV3 && heygenDig(t, a.body, "error", "param") != tc.param {
				t.Fatalf("param: %s", a.body)
			}
			if n := len(h.Server().Jobs()); n != 0 {
				t.Fatalf("%d jobs created", n)
			}
			heygenMust(t, h.post(t, tc.path, string(h.Body("Hi."))), 200)
		})
	}
}

// Without StrictCatalog any id is taken, as the client tests need.
func TestHeyGenTakesAnyIDByDefault(t *testing.T) {
	h := heygenStart(t, HeyGenOptions{})
	heygenMust(t, h.post(t, "/v3/videos", `{"type":"avatar","avatar_id":"Someone","script":"Hi.","voice_id":"v"}`), 200)
}

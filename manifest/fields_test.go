package manifest

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// fieldsCorpus is, per API, videos that between them take every branch
// of its builder: each avatar, speech and background kind, local files
// and URLs, scene overrides.
var fieldsCorpus = []struct {
	api, reel string
	videos    []string
}{
	{"v3", "version: 1\n", []string{
		"avatar: {image: a.png, fit: cover}\nvoice: {id: v1, locale: en-US}\nstyle: {expressiveness: high}\nbackground: {color: \"#000000\"}\ncaptions: sidecar\nscenes: [{script: Hi., motion: waves}]\n",
		"avatar: {image: https://x.test/a.png}\nvoice: {id: v1}\nbackground: {image: a.png}\noutput: a.mp4\nscenes: [{script: Hi.}]\n",
		"avatar: {id: a1, engine: avatar_iv}\nbackground: {image: https://x.test/b.png}\nstyle: {talking_style: expressive}\nscenes: [{audio: s.wav}]\n",
		"avatar: {talking_photo: tp1}\noutput: a.webm\ndimension: {width: 1080, height: 1920}\nscenes: [{audio: https://x.test/s.wav}]\n",
		"avatar: {id: a1}\nvoice: {id: v1}\nbackground: {color: \"#000000\"}\ncaptions: burn_in\nscenes:\n- {script: One.}\n- {audio: s.wav, background: {color: \"#FFFFFF\"}}\n- {script: Three., voice: {id: v2, speed: 1.1}, talking_style: expressive, motion: nods}\n",
		"avatar: {image: a.png}\nvoice: {id: v1}\nscenes: [{script: One.}, {silence: 1.5}]\n",
		"avatar: {id: a1, engine: avatar_v}\nvoice: {id: v1, locale: en-US}\nscenes: [{script: One.}, {audio: https://x.test/s.wav}]\n",
		"avatar: {image: https://x.test/a.png}\nvoice: {id: v1}\nscenes: [{script: One.}, {silence: 1.5}]\n",
	}},
	{"v2", "version: 1\nproviders: {heygen: {api: v2}}\n", []string{
		"avatar: {id: a1, style: closeUp, scale: 0.8, offset: {x: 0.1, y: 0}}\nvoice: {id: v1, emotion: Friendly, locale: en-US}\nbackground: {color: \"#000000\"}\ncaptions: sidecar\nscenes:\n- {script: One.}\n- {audio: s.wav, background: {image: a.png, fit: cover}}\n- {audio: https://x.test/s.wav, background: {image: https://x.test/a.png}}\n- {silence: 1, background: {video: v.mp4, play_style: once, fit: contain}}\n- {script: Five., background: {video: https://x.test/v.mp4}, voice: {id: v2, emotion: Serious}}\n",
		"avatar: {talking_photo: tp1}\nvoice: {id: v1}\nstyle: {talking_style: expressive, expression: happy}\nscenes: [{script: One.}, {script: Two., talking_style: stable}]\n",
	}},
	{"av4", "version: 1\nproviders: {heygen: {api: av4}}\n", []string{
		"avatar: {image: a.png}\nvoice: {id: v1, emotion: Friendly}\ncaptions: burn_in\nscenes: [{script: One., motion: waves, enhance_motion: false}, {script: Two., talking_style: expressive, emotion: Serious}]\n",
		"avatar: {talking_photo: tp1}\nvoice: {id: v1}\nscenes: [{script: One.}]\n",
	}},
	{"queue", "version: 1\nprovider: fal\n", []string{
		"avatar: {image: a.png}\nvoice: {name: Ivy}\nstyle: {expression: happy, talking_style: expressive}\nbackground: {color: \"#000000\"}\ncaptions: burn_in\nscenes: [{script: Hi.}]\n",
		"avatar: {image: a.png}\nbackground: {image: a.png}\nscenes: [{audio: s.wav}]\n",
		"avatar: {image: a.png}\nscenes: [{audio: s.wav, background: {video: https://x.test/v.mp4}}]\n",
	}},
	{"v1", "version: 1\nprovider: pixeldojo\n", []string{
		"avatar: {image: https://x.test/a.png}\nvoice: {name: Ivy}\nstyle: {expression: happy}\nbackground: {color: \"#000000\"}\ncaptions: burn_in\nscenes: [{script: Hi.}]\n",
		"avatar: {image: https://x.test/a.png}\nscenes: [{audio: https://x.test/s.wav, background: {image: https://x.test/b.png}}]\n",
		"avatar: {image: https://x.test/a.png}\nscenes: [{script: Hi., voice: {name: Ivy}}]\n",
	}},
}

// corpusVideos loads an API's corpus, each video in a file of its own.
func corpusVideos(t *testing.T, reel string, manifests []string) []*Video {
	t.Helper()
	files := project{"reel.yaml": reel, "videos/a.png": portrait, "videos/s.wav": "RIFF\x24\x00\x00\x00WAVEfmt ", "videos/v.mp4": "\x00\x00\x00\x18ftypmp42"}
	for i, m := range manifests {
		files[filepath.Join("videos", string(rune('a'+i))+"x.yaml")] = m
	}
	set, dir := load(t, files)
	if len(set.Errors) > 0 {
		t.Fatalf("%s", errorLines(set, dir))
	}
	return set.Videos
}

// TestFieldTablesCoverRequests: every field of every request of the
// corpus is named by its API's table (as itself or below a listed
// object), none is taken for a provider_options field, and every entry of
// the tables is some request's field.
func TestFieldTablesCoverRequests(t *testing.T) {
	for _, c := range fieldsCorpus {
		t.Run(c.api, func(t *testing.T) {
			used := map[string]bool{}
			var format *Format
			for _, v := range corpusVideos(t, c.reel, c.videos) {
				if v.API != c.api {
					t.Fatalf("%s: api %s", v.ID, v.API)
				}
				format = v.Format()
				var body any
				json.Unmarshal(v.Request.KeyJSON(), &body)
				eachPath("", body, func(path string) {
					general, _ := generalize(path)
					used[general] = true
					if _, _, _, ok := lookupField(format, path); !ok {
						t.Errorf("%s: %s: not in the table", v.ID, path)
					}
					if f := v.Field(path); strings.HasPrefix(f, "provider_options") {
						t.Errorf("%s: %s: named %s", v.ID, path, f)
					}
				})
			}
			for path := range format.fields {
				if !used[path] {
					t.Errorf("%s is in the table, but no request of the corpus has it", path)
				}
			}
		})
	}
}

// Every request format is some API's of the corpus, so the test above
// holds each table to its builder.
func TestFieldTablesCoverEveryFormat(t *testing.T) {
	seen := map[*Format]bool{}
	for _, c := range fieldsCorpus {
		seen[corpusVideos(t, c.reel, c.videos[:1])[0].Format()] = true
	}
	for i, f := range Formats() {
		if !seen[f] {
			t.Errorf("format %d has no API in fieldsCorpus", i)
		}
	}
}

// eachPath calls fn with the path of every field and list element in v.
func eachPath(path string, v any, fn func(path string)) {
	if path != "" {
		fn(path)
	}
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			eachPath(JoinPath(path, k), x, fn)
		}
	case []any:
		for i, x := range v {
			eachPath(IndexPath(path, i), x, fn)
		}
	}
}

// TestFieldNamesWhatTheVideoSays: a field that depends on the video is
// named by the video: a scene's own voice, background, talking style or
// emotion; the avatar's kind; a frame given in pixels; a studio video.
func TestFieldNamesWhatTheVideoSays(t *testing.T) {
	for _, c := range []struct {
		api, reel, video string
		want             map[string]string
	}{
		{"v3", "version: 1\n", fieldsCorpus[0].videos[4], map[string]string{
			"type":                                 "scenes",
			"scenes[0].input.voice_id":             "voice.id",
			"scenes[2].input.voice_id":             "scenes[2].voice.id",
			"scenes[2].input.voice_settings.speed": "scenes[2].voice.speed",
			"scenes[2].input.voice_settings.pitch": "voice.pitch",
			"scenes[2].input.expressiveness":       "scenes[2].talking_style",
			"scenes[2].input.motion_prompt":        "scenes[2].motion",
			"scenes[0].input.background.color":     "background.color",
			"scenes[1].input.background.color":     "scenes[1].background.color",
			"scenes[1].input.audio_asset_id":       "scenes[1].audio",
			"scenes[1].type":                       "scenes[1].audio",
			"scenes[0].input.avatar_id":            "avatar.id",
			"caption.file_format":                  "captions",
			"scenes[3].input.script":               "scenes[3].script", // a scene of an earlier request
		}},
		{"v3", "version: 1\n", fieldsCorpus[0].videos[3], map[string]string{
			"type":          "avatar.talking_photo",
			"avatar_id":     "avatar.talking_photo",
			"aspect_ratio":  "dimension",
			"output_format": "output",
			"script":        "scenes[0].script", // a field of an earlier request
			"voice_id":      "voice.id",
		}},
		{"v2", "version: 1\nproviders: {heygen: {api: v2}}\n", fieldsCorpus[1].videos[1], map[string]string{
			"video_inputs[0].character.talking_style": "style.talking_style",
			"video_inputs[1].character.talking_style": "scenes[1].talking_style",
			"video_inputs[1].character.type":          "avatar.talking_photo",
			"video_inputs[1].voice.type":              "scenes[1].script",
			"dimension.width":                         "dimension",
		}},
		{"av4", "version: 1\nproviders: {heygen: {api: av4}}\n", fieldsCorpus[2].videos[0], map[string]string{
			"scenes[0].emotion":                      "voice.emotion",
			"scenes[1].emotion":                      "scenes[1].emotion",
			"scenes[0].enhance_custom_motion_prompt": "scenes[0].enhance_motion",
			"image_key":                              "avatar.image",
		}},
		{"v1", "version: 1\nprovider: pixeldojo\n", fieldsCorpus[4].videos[1], map[string]string{
			"backgroundType":  "scenes[0].background.image",
			"backgroundValue": "scenes[0].background.image",
			"audio_url":       "scenes[0].audio",
		}},
	} {
		v := corpusVideos(t, c.reel, []string{c.video})[0]
		for path, want := range c.want {
			if got := v.Field(path); got != want {
				t.Errorf("%s %s: Field(%s) = %s, want %s", c.api, strings.Split(c.video, "\n")[0], path, got, want)
			}
		}
	}
}

// TestProviderOptionsNamedAsSuch: a request field set by provider_options
// is named by it, also over a field the builder set.
func TestProviderOptionsNamedAsSuch(t *testing.T) {
	vs := corpusVideos(t, "version: 1\n", []string{"avatar: {id: a1}\nvoice: {id: v1}\nscenes: [{script: Hi.}]\nprovider_options: {voice_settings: {speed: 1.2}, extra: {deep: [1, 2]}, engine: x}\n"})
	for path, want := range map[string]string{
		"voice_settings.speed": "provider_options.voice_settings.speed",
		"voice_settings.pitch": "voice.pitch",
		"extra.deep":           "provider_options.extra.deep",
		"extra.deep[1]":        "provider_options.extra.deep",
		"engine":               "provider_options.engine",
		"engine.type":          "provider_options.engine", // an earlier request's engine, replaced
		"script":               "scenes[0].script",
		"gone":                 "provider_options.gone", // a field of an earlier request nothing builds
	} {
		if got := vs[0].Field(path); got != want {
			t.Errorf("Field(%s) = %s, want %s", path, got, want)
		}
	}
}

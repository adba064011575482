package manifest

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"
)

// sourcesCorpus is, per API, videos that between them take every branch
// of its builder: each avatar, speech and background kind, local files
// and URLs, scene overrides.
var sourcesCorpus = []struct {
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

// overridden is the video's field a scene's own field stands in for:
// voice.id for scenes[2].voice.id.
func overridden(field string) string {
	rest, ok := strings.CutPrefix(field, "scenes[")
	if !ok {
		return field
	}
	_, rest, _ = strings.Cut(rest, "].")
	switch {
	case rest == "talking_style":
		return "style.talking_style"
	case rest == "emotion":
		return "voice.emotion"
	case strings.HasPrefix(rest, "voice.") || strings.HasPrefix(rest, "background"):
		return rest
	}
	return field
}

// knownApart lists where the static table may name another field than
// the builder: a v3 body's type is the avatar's kind for one scene and
// "studio" for several, which a path cannot tell apart.
var knownApart = map[string]string{"v3 type": "scenes"}

// TestStaticFieldsAgreeWithBuilders: for every field of every request of
// the corpus, the static table (used for a kept request, which has no
// notes) names the field the builder noted, or the object holding it, or
// the video's field a scene overrides; and every entry of the table is
// used by some request.
func TestStaticFieldsAgreeWithBuilders(t *testing.T) {
	for _, c := range sourcesCorpus {
		t.Run(c.api, func(t *testing.T) {
			used := map[string]bool{}
			for _, v := range corpusVideos(t, c.reel, c.videos) {
				if v.API != c.api {
					t.Fatalf("%s: api %s", v.ID, v.API)
				}
				var body any
				json.Unmarshal(v.Request.KeyJSON(), &body)
				eachPath("", body, func(path string, leaf bool) {
					general, _ := generalize(path)
					used[general] = true
					static := StaticField(c.api, path)
					if static == "" {
						t.Errorf("%s: %s: not in the static table", v.ID, path)
						return
					}
					if !leaf {
						return
					}
					noted := v.Request.sources.at(path)
					if noted == "" {
						t.Errorf("%s: %s: the builder noted no source", v.ID, path)
						return
					}
					if knownApart[c.api+" "+path] == noted {
						return
					}
					if video := overridden(noted); static != video && !under(video, static) && !under(static, video) {
						t.Errorf("%s: %s: the static table says %s, the builder %s", v.ID, path, static, noted)
					}
				})
			}
			for path := range staticFields[c.api] {
				if !used[path] {
					t.Errorf("%s is in the static table, but no request of the corpus has it", path)
				}
			}
		})
	}
}

// eachPath calls fn with the path of every field and list element in v.
func eachPath(path string, v any, fn func(path string, leaf bool)) {
	switch v := v.(type) {
	case map[string]any:
		if path != "" {
			fn(path, false)
		}
		for k, x := range v {
			eachPath(JoinPath(path, k), x, fn)
		}
	case []any:
		fn(path, false)
		for i, x := range v {
			eachPath(IndexPath(path, i), x, fn)
		}
	default:
		fn(path, true)
	}
}

// TestProviderOptionsNamedAsSuch: a request field set by provider_options
// is named by it, also over a field the builder set.
func TestProviderOptionsNamedAsSuch(t *testing.T) {
	vs := corpusVideos(t, "version: 1\n", []string{"avatar: {id: a1}\nvoice: {id: v1}\nscenes: [{script: Hi.}]\nprovider_options: {voice_settings: {speed: 1.2}, extra: {deep: [1, 2]}}\n"})
	req := vs[0].Request
	for path, want := range map[string]string{
		"voice_settings.speed": "provider_options.voice_settings.speed",
		"voice_settings.pitch": "voice.pitch",
		"extra.deep":           "provider_options.extra.deep",
		"extra.deep[1]":        "provider_options.extra.deep",
		"script":               "scenes[0].script",
		"gone":                 "provider_options.gone", // a field of an earlier request nothing builds
	} {
		if got := req.Field(path); got != want {
			t.Errorf("Field(%s) = %s, want %s", path, got, want)
		}
	}
}

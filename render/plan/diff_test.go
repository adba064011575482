package plan

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
)

// png is a PNG header and a tag: two tags are two images.
func png(tag string) string { return "\x89PNG\r\n\x1a\n" + tag }

// wav is a short WAV file from the examples.
func wav(t *testing.T) string {
	data, err := os.ReadFile(filepath.Join("..", "..", "examples", "assets", "pricing.wav"))
	if err != nil {
		t.Fatal(err)
	}
	return string(data)
}

// edit is one change to a manifest and the reason a writer expects.
type edit struct {
	name, video, want string
}

// reasonOf plans video after a render of base, both in a project of
// files, and returns the reason and the changes.
func reasonOf(t *testing.T, files map[string]string, provider, base, video string) (string, []Change) {
	t.Helper()
	old := videos(t, with(files, "videos/a.yaml", base), provider)[0]
	cur := videos(t, with(files, "videos/a.yaml", video), provider)[0]
	e := done(old, "sha")
	cs := Diff(e, e.Request, cur)
	return changedFields(cs), cs
}

// checkEdits plans each edit of base and compares its reason.
func checkEdits(t *testing.T, files map[string]string, provider, base string, edits []edit) {
	t.Helper()
	for _, c := range edits {
		t.Run(c.name, func(t *testing.T) {
			got, cs := reasonOf(t, files, provider, base, c.video)
			if got != c.want {
				t.Errorf("changed: %s\nwant     %s\nchanges: %+v", got, c.want, cs)
			}
		})
	}
}

const v3Single = `avatar: {image: a.png}
voice: {id: v1, speed: 1.0}
dimension: {aspect: "16:9", resolution: 720p}
background: {color: "#000000"}
scenes: [{script: Hello there., motion: waves}]
`

// TestReasonsInManifestWordsV3: a one-scene HeyGen v3 video, whose
// request holds the scene's fields at its top.
func TestReasonsInManifestWordsV3(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\n", "videos/a.png": png("a"), "videos/b.png": png("b"),
		"videos/s.wav": wav(t)}
	r := strings.NewReplacer
	checkEdits(t, files, "", v3Single, []edit{
		{"script", r("Hello there.", "Hello you.").Replace(v3Single), "scenes[0].script"},
		{"motion", r("waves", "nods").Replace(v3Single), "scenes[0].motion"},
		{"image", r("a.png", "b.png").Replace(v3Single), "avatar.image"},
		{"voice id", r("id: v1", "id: v2").Replace(v3Single), "voice.id"},
		{"voice id and speed", r("id: v1, speed: 1.0", "id: v2, speed: 1.2").Replace(v3Single), "voice"},
		{"resolution", r("720p", "1080p").Replace(v3Single), "dimension.resolution"},
		{"aspect", r("16:9", "9:16").Replace(v3Single), "dimension.aspect"},
		{"background", r("#000000", "#FFFFFF").Replace(v3Single), "background.color"},
		{"captions", v3Single + "captions: sidecar\n", "captions"},
		{"expressiveness", v3Single + "style: {expressiveness: high}\n", "style.expressiveness"},
		{"talking style", v3Single + "style: {talking_style: expressive}\n", "style.talking_style"},
		{"fit", r("a.png}", "a.png, fit: contain}").Replace(v3Single), "avatar.fit"},
		{"avatar id for image", r("{image: a.png}", "{id: a1}").Replace(v3Single), "avatar"},
		{"audio for script", r("script: Hello there.", "audio: s.wav").Replace(v3Single), "scenes[0].audio, scenes[0].script, voice"},
		{"provider options", v3Single + "provider_options: {engine: {type: avatar_v}}\n", "provider_options.engine.type"},
	})
}

const v3Studio = `avatar: {id: a1}
voice: {id: v1}
background: {color: "#000000"}
scenes: [{script: One.}, {script: Two.}]
`

// TestReasonsInManifestWordsV3Studio: several scenes are a studio video,
// each scene's fields below scenes[i].input.
func TestReasonsInManifestWordsV3Studio(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\n"}
	r := strings.NewReplacer
	checkEdits(t, files, "", v3Studio, []edit{
		{"second script", r("Two.", "Two again.").Replace(v3Studio), "scenes[1].script"},
		{"both scripts", r("One.", "Uno.", "Two.", "Dos.").Replace(v3Studio), "scenes[0].script, scenes[1].script"},
		{"a scene's voice", r("{script: Two.}", "{script: Two., voice: {id: v2}}").Replace(v3Studio), "scenes[1].voice.id"},
		{"voice speed", r("{id: v1}", "{id: v1, speed: 1.2}").Replace(v3Studio), "voice.speed"},
		{"background", r("#000000", "#FFFFFF").Replace(v3Studio), "background.color"},
		{"a scene's background", r("{script: Two.}", "{script: Two., background: {color: \"#FFFFFF\"}}").Replace(v3Studio), "scenes[1].background.color"},
		{"avatar", r("{id: a1}", "{id: a2}").Replace(v3Studio), "avatar.id"},
		{"a third scene", r("{script: Two.}", "{script: Two.}, {script: Three.}").Replace(v3Studio), "scenes"},
		{"four scripts and the voice", r("One.", "Uno.", "Two.", "Dos.", "{id: v1}", "{id: v2}").Replace(v3Studio) + "captions: sidecar\n", "captions, scenes[0].script, scenes[1].script, and 1 more"},
	})
}

const v2Video = `avatar: {id: a1}
voice: {id: v1}
scenes: [{script: One.}, {script: Two.}]
`

// TestReasonsInManifestWordsV2: HeyGen v2 puts each scene in
// video_inputs[i], split into character, voice and background.
func TestReasonsInManifestWordsV2(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\nproviders: {heygen: {api: v2}}\n"}
	r := strings.NewReplacer
	checkEdits(t, files, "", v2Video, []edit{
		{"second script", r("Two.", "Two again.").Replace(v2Video), "scenes[1].script"},
		{"voice", r("{id: v1}", "{id: v2}").Replace(v2Video), "voice.id"},
		{"emotion", r("{id: v1}", "{id: v1, emotion: Friendly}").Replace(v2Video), "voice.emotion"},
		{"a scene's emotion", r("{script: Two.}", "{script: Two., voice: {emotion: Serious}}").Replace(v2Video), "scenes[1].voice.emotion"},
		{"resolution", v2Video + "dimension: {resolution: 1080p}\n", "dimension"},
		{"scale", r("{id: a1}", "{id: a1, scale: 0.8}").Replace(v2Video), "avatar.scale"},
		{"background", v2Video + "background: {color: \"#FFFFFF\"}\n", "background.color"},
		{"captions", v2Video + "captions: burn_in\n", "captions"},
		{"talking photo for avatar", r("{id: a1}", "{talking_photo: tp1}").Replace(v2Video), "avatar, style"},
	})
}

const av4Video = `avatar: {image: a.png}
voice: {id: v1}
scenes: [{script: One., motion: waves}, {script: Two.}]
`

// TestReasonsInManifestWordsAV4: HeyGen Avatar IV, one voice for the
// video and its scenes below scenes[i].
func TestReasonsInManifestWordsAV4(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\nproviders: {heygen: {api: av4}}\n", "videos/a.png": png("a"), "videos/b.png": png("b")}
	r := strings.NewReplacer
	checkEdits(t, files, "", av4Video, []edit{
		{"second script", r("Two.", "Two again.").Replace(av4Video), "scenes[1].script"},
		{"motion", r("waves", "nods").Replace(av4Video), "scenes[0].motion"},
		{"enhance motion", r("motion: waves", "motion: waves, enhance_motion: false").Replace(av4Video), "scenes[0].enhance_motion"},
		{"voice", r("{id: v1}", "{id: v2}").Replace(av4Video), "voice.id"},
		{"emotion", r("{id: v1}", "{id: v1, emotion: Friendly}").Replace(av4Video), "voice.emotion"},
		{"talking style", av4Video + "style: {talking_style: expressive}\n", "style.talking_style"},
		{"image", r("a.png", "b.png").Replace(av4Video), "avatar.image"},
		{"resolution", av4Video + "dimension: {resolution: 1080p}\n", "dimension"},
		{"captions", av4Video + "captions: burn_in\n", "captions"},
	})
}

const falVideo = `avatar: {image: a.png}
voice: {name: Ivy}
dimension: {aspect: "1:1", resolution: 720p}
scenes: [{script: Hello.}]
`

// TestReasonsInManifestWordsFal: fal's flat input.
func TestReasonsInManifestWordsFal(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\n", "videos/a.png": png("a"), "videos/b.png": png("b")}
	r := strings.NewReplacer
	checkEdits(t, files, "fal", falVideo, []edit{
		{"script", r("Hello.", "Hello you.").Replace(falVideo), "scenes[0].script"},
		{"voice", r("Ivy", "Melissa").Replace(falVideo), "voice.name"},
		{"resolution", r("720p", "1080p").Replace(falVideo), "dimension.resolution"},
		{"aspect", r("1:1", "9:16").Replace(falVideo), "dimension.aspect"},
		{"image", r("a.png", "b.png").Replace(falVideo), "avatar.image"},
		{"expression", falVideo + "style: {expression: happy}\n", "style.expression"},
		{"talking style", falVideo + "style: {talking_style: expressive}\n", "style.talking_style"},
		{"background", falVideo + "background: {color: \"#FFFFFF\"}\n", "background.color"},
		{"captions", falVideo + "captions: burn_in\n", "captions"},
	})
}

const pixeldojoVideo = `avatar: {image: https://x.test/a.png}
voice: {name: Ivy}
scenes: [{script: Hello.}]
`

// TestReasonsInManifestWordsPixelDojo: PixelDojo's flat body, its
// background in two fields.
func TestReasonsInManifestWordsPixelDojo(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\n"}
	r := strings.NewReplacer
	checkEdits(t, files, "pixeldojo", pixeldojoVideo, []edit{
		{"script", r("Hello.", "Hello you.").Replace(pixeldojoVideo), "scenes[0].script"},
		{"voice", r("Ivy", "Melissa").Replace(pixeldojoVideo), "voice.name"},
		{"image", r("a.png", "b.png").Replace(pixeldojoVideo), "avatar.image"},
		{"background", pixeldojoVideo + "background: {color: \"#FFFFFF\"}\n", "background.color"},
		{"expression", pixeldojoVideo + "style: {expression: happy}\n", "style.expression"},
		{"resolution", pixeldojoVideo + "dimension: {resolution: 1080p}\n", "dimension.resolution"},
		{"captions", pixeldojoVideo + "captions: burn_in\n", "captions"},
	})
}

// TestReasonsAcrossAPIs: a changed API re-renders; its two requests differ
// in shape, so the plan says provider, and the manifest fields both hold
// as written that differ.
func TestReasonsAcrossAPIs(t *testing.T) {
	v2 := map[string]string{"reel.yaml": "version: 1\nproviders: {heygen: {api: v2}}\n"}
	v3 := map[string]string{"reel.yaml": "version: 1\n"}
	for _, c := range []struct {
		name, video, want string
	}{
		{"api only", v2Video, "provider"},
		{"api and a script", strings.ReplaceAll(v2Video, "Two.", "Two again."), "provider, scenes[1].script"},
		{"api and the voice", strings.ReplaceAll(v2Video, "v1", "v2"), "provider, voice.id"},
		{"api and a scene's own voice", strings.ReplaceAll(v2Video, "{script: Two.}", "{script: Two., voice: {id: v2}}"), "provider"},
	} {
		t.Run(c.name, func(t *testing.T) {
			base := videos(t, with(v2, "videos/a.yaml", v2Video), "")[0]
			cur := videos(t, with(v3, "videos/a.yaml", c.video), "")[0]
			e := done(base, "sha")
			cs := Diff(e, e.Request, cur)
			if got := changedFields(cs); got != c.want {
				t.Errorf("changed: %s, want %s\n%+v", got, c.want, cs)
			}
		})
	}
}

// with is files with name's content set.
func with(files map[string]string, name, content string) map[string]string {
	out := map[string]string{}
	for k, v := range files {
		out[k] = v
	}
	out[name] = content
	return out
}

// TestImageBytesNameTheImage: an image edited in place changes no word of
// the manifest, yet its bytes are the avatar.
func TestImageBytesNameTheImage(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\n", "videos/a.yaml": v3Single, "videos/a.png": png("a")}
	old := videos(t, files, "")[0]
	cur := videos(t, with(files, "videos/a.png", png("a, retouched")), "")[0]
	e := done(old, "sha")
	if got := changedFields(Diff(e, e.Request, cur)); got != "avatar.image" {
		t.Errorf("changed: %s, want avatar.image", got)
	}
}

// TestChangesCarryBothPaths: each change names the manifest's field and
// the request's, for --json and --diff.
func TestChangesCarryBothPaths(t *testing.T) {
	files := map[string]string{"reel.yaml": "version: 1\n"}
	_, cs := reasonOf(t, files, "", v3Studio, strings.ReplaceAll(v3Studio, "Two.", "Two again."))
	want := Change{Field: "scenes[1].script", Request: "scenes[1].input.script", Old: `"Two."`, New: `"Two again."`}
	if len(cs) != 1 || cs[0] != want {
		t.Fatalf("changes %+v, want %+v", cs, want)
	}
	if got := diffLine(cs[0]); got != `      scenes[1].script: "Two." → "Two again."  (request: scenes[1].input.script)` {
		t.Errorf("--diff line: %q", got)
	}
}

// BenchmarkDiffStudio is the diff of a three-scene studio video whose
// voice changed, named in the manifest's words: what a plan pays per
// changed video when reel.yaml's default voice changes under all of them.
func BenchmarkDiffStudio(b *testing.B) {
	files := map[string]string{"reel.yaml": "version: 1\n"}
	three := strings.ReplaceAll(v3Studio, "{script: Two.}", "{script: Two.}, {script: Three.}")
	old := videos(b, with(files, "videos/a.yaml", three), "")[0]
	cur := videos(b, with(files, "videos/a.yaml", strings.ReplaceAll(three, "{id: v1}", "{id: v2, speed: 1.1}")), "")[0]
	e := done(old, "sha")
	for b.Loop() {
		if changedFields(Diff(e, e.Request, cur)) != "voice" {
			b.Fatal("want voice")
		}
	}
}

// A sandbox fake speaks its real API: a sandbox render's request is
// compared field by field, as the real one's would be.
func TestFormatOfASandboxFake(t *testing.T) {
	for name, want := range map[string]*manifest.Format{
		"heygen/v3": manifest.HeyGenV3, "sandbox:heygen/v3": manifest.HeyGenV3, "sandbox": manifest.HeyGenV3, "sandbox:heygen/v2": manifest.HeyGenV2,
		"fal": manifest.FalAvatar4, "sandbox:fal": manifest.FalAvatar4, "pixeldojo": manifest.PixelDojoAvatar4, "sandbox:pixeldojo": manifest.PixelDojoAvatar4,
		"gmi/heygen-avatar-4": manifest.HeyGenV2, "sandbox:gmi/heygen-avatar-v4": manifest.HeyGenV2,
		"nosuch": nil, "heygen/v9": nil, "gmi": nil, "fal/queue": nil,
	} {
		if got := formatOf(name); got != want {
			t.Errorf("formatOf(%q) = %p, want %p", name, got, want)
		}
	}
}

package manifest

import (
	"path/filepath"
	"testing"
)

// gmiVideo is a video GMI Cloud can render: ids and HeyGen voice ids, no
// local files.
const gmiVideo = `avatar: {id: Angela-inTshirt-20220820}
voice: {id: 1bd001e7e50f421d891986aad5158bc8}
dimension: {aspect: "16:9", resolution: 720p}
scenes:
  - script: Hi, I'm Angela.
  - script: Bye.
`

// loadOne loads a one-video project and returns the video.
func loadOne(t *testing.T, files project) *Video {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), []byte(content))
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(p, Options{Providers: TestProviders})
	if err != nil || len(set.Errors) > 0 || len(set.Videos) != 1 {
		t.Fatalf("%v %v", err, set.Errors)
	}
	return set.Videos[0]
}

// GMI Cloud sends HeyGen v2's body, under its own name and the model's:
// the same manifest is the same request, and another provider or model is
// another render key, as the model changes the video.
func TestGMIRendersHeyGenV2sBodyUnderItsModel(t *testing.T) {
	files := project{"videos/a.yaml": gmiVideo}
	gmi := loadOne(t, files.with("reel.yaml", "version: 1\nprovider: gmi\n"))
	v2 := loadOne(t, files.with("reel.yaml", "version: 1\nprovider: heygen\nproviders: {heygen: {api: v2}}\n"))
	other := loadOne(t, files.with("reel.yaml", "version: 1\nprovider: gmi\nproviders: {gmi: {model: heygen-avatar-v4}}\n"))
	if string(gmi.Request.KeyJSON()) != string(v2.Request.KeyJSON()) {
		t.Errorf("GMI's request differs from HeyGen v2's:\n%s\n%s", gmi.Request.KeyJSON(), v2.Request.KeyJSON())
	}
	if gmi.ProviderName() != "gmi/heygen-avatar-4" || other.ProviderName() != "gmi/heygen-avatar-v4" || v2.ProviderName() != "heygen/v2" {
		t.Errorf("lock names %q, %q, %q", gmi.ProviderName(), other.ProviderName(), v2.ProviderName())
	}
	keys := map[string]bool{gmi.Request.Key: true, v2.Request.Key: true, other.Request.Key: true}
	if len(keys) != 3 {
		t.Errorf("GMI, HeyGen v2 and GMI's other model share a render key")
	}
	sandboxed := loadOne(t, files.with("reel.yaml", "version: 1\nprovider: gmi\nsandbox: true\n"))
	if sandboxed.ProviderName() != "sandbox:gmi/heygen-avatar-4" || sandboxed.Request.Key == gmi.Request.Key {
		t.Errorf("in the sandbox: %q, key %s", sandboxed.ProviderName(), sandboxed.Request.Key)
	}
}

// What HeyGen v2's body cannot carry is refused for GMI at its field, with
// what to do instead, before anything is spent; so is a local file, as
// GMI Cloud takes public URLs only.
func TestGMIRefusesWhatItCannotRender(t *testing.T) {
	for name, c := range map[string]struct{ video, want string }{
		"image avatar": {"avatar: {image: https://example.com/anna.png}\nvoice: {id: v1}\nscenes: [{script: Hi.}]\n",
			"videos/a.yaml:1:17: avatar.image: GMI Cloud has no image avatars (it needs a HeyGen avatar or talking photo id): remove it, or use provider heygen (its api v3 or av4)"},
		"local background": {"avatar: {id: a1}\nvoice: {id: v1}\nbackground: {image: ../bg.png}\nscenes: [{script: Hi.}]\n",
			"videos/a.yaml:3:21: background.image: GMI Cloud takes public https URLs only: host the file and give its https:// URL"},
	} {
		t.Run(name, func(t *testing.T) {
			set, dir := load(t, project{"reel.yaml": "version: 1\nprovider: gmi\n", "bg.png": portrait, "videos/a.yaml": c.video})
			if got := errorLines(set, dir); len(set.Videos) != 0 || got != c.want {
				t.Errorf("got:\n%s\nwant:\n%s", got, c.want)
			}
		})
	}
}

package preview

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/registry"
)

// TestOfVideo: a draft is made of what the video's request is built from:
// the frame its dimension renders at, each scene's own voice locale and
// speed over the video's, local audio and images by their absolute paths,
// silences, and a card naming an avatar that lives at the provider.
func TestOfVideo(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "reel.yaml", "version: 1\nprovider: heygen\ninclude: [\"videos/*.yaml\"]\nproviders: {heygen: {api: v3}}\n")
	wav, err := os.ReadFile(filepath.Join("..", "examples", "assets", "intro.wav"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "assets/intro.wav", string(wav))
	png, err := os.ReadFile(filepath.Join("..", "examples", "assets", "portrait.png"))
	if err != nil {
		t.Fatal(err)
	}
	write(t, dir, "assets/anna.png", string(png))
	write(t, dir, "videos/b.yaml", "avatar: {id: Angela-inTshirt-20220820}\nvoice: {id: 1bd001e7e50f421d891986aad5158bc8}\nbackground: {color: \"#0A2540\"}\nscenes: [{script: Hi.}]\n")
	write(t, dir, "videos/a.yaml", `avatar: {image: ../assets/anna.png}
voice: {id: 1bd001e7e50f421d891986aad5158bc8, speed: 1.2, locale: en-GB}
dimension: {aspect: "9:16", resolution: 1080p}
captions: burn_in
scenes:
  - script: Hello there.
  - script: Hola.
    voice: {locale: es-ES, speed: 0.9}
  - audio: ../assets/intro.wav
  - silence: 1.5
`)
	p, err := manifest.LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := manifest.Load(p, manifest.Options{Providers: registry.Manifest()})
	if err != nil || len(set.Errors) > 0 || len(set.Videos) != 2 {
		t.Fatalf("load: %v %v", err, set.Errors)
	}
	v := set.Videos[0]
	d := Of(v)
	if d.Key != v.Request.Key || d.Width != 1080 || d.Height != 1920 {
		t.Errorf("key and frame: %s %dx%d", d.Key, d.Width, d.Height)
	}
	if !sameFile(d.Avatar.Image, filepath.Join(dir, "assets", "anna.png")) || d.Captions != BurnInCaptions {
		t.Errorf("avatar, captions: %+v %q", d.Avatar, d.Captions)
	}
	card := Of(set.Videos[1])
	if card.Avatar.Image != "" || card.Avatar.ID != "Angela-inTshirt-20220820" || card.Background.Color != "#0A2540" || card.Width != 1280 || card.Height != 720 {
		t.Errorf("an avatar at the provider: %+v %+v %dx%d", card.Avatar, card.Background, card.Width, card.Height)
	}
	want := []Scene{
		{Script: "Hello there.", Voice: Voice{Locale: "en-GB", Speed: 1.2}},
		{Script: "Hola.", Voice: Voice{Locale: "es-ES", Speed: 0.9}},
		{Audio: filepath.Join(dir, "assets", "intro.wav"), Voice: Voice{Locale: "en-GB", Speed: 1.2}},
		{Silence: 1.5, Voice: Voice{Locale: "en-GB", Speed: 1.2}},
	}
	if len(d.Scenes) != len(want) {
		t.Fatalf("scenes: %+v", d.Scenes)
	}
	for i, s := range d.Scenes {
		s.Where = ""
		if sameFile(s.Audio, want[i].Audio) {
			s.Audio = want[i].Audio
		}
		if s != want[i] {
			t.Errorf("scene %d: %+v; want %+v", i+1, s, want[i])
		}
	}
	if err := d.check(); err != nil {
		t.Errorf("the draft is not one Make takes: %v", err)
	}
}

// sameFile reports whether two paths name one file, through symbolic
// links (a temporary folder may be reached through one).
func sameFile(a, b string) bool {
	sa, errA := os.Stat(a)
	sb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(sa, sb)
}

func write(t *testing.T, dir, name, body string) {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
}

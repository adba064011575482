package manifest

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// load writes files into a temp project and loads it.
func load(t *testing.T, files project) (*Set, string) {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), []byte(content))
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatalf("reel.yaml: %v", err)
	}
	set, err := Load(p, Options{Providers: TestProviders})
	if err != nil {
		t.Fatal(err)
	}
	return set, dir
}

func errorLines(set *Set, dir string) string {
	var lines []string
	for _, e := range set.Errors {
		lines = append(lines, e.Format(dir))
	}
	return strings.Join(lines, "\n")
}

// TestExamplesCarrySchemaLine: every example YAML file starts with the
// yaml-language-server line, and the schema it names exists.
func TestExamplesCarrySchemaLine(t *testing.T) {
	n := 0
	err := filepath.WalkDir(filepath.Join("..", "examples"), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".yaml") {
			return err
		}
		n++
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		first, _, _ := strings.Cut(string(data), "\n")
		ref, ok := strings.CutPrefix(first, "# yaml-language-server: $schema=")
		if !ok {
			t.Errorf("%s: first line is %q, want the yaml-language-server schema line", path, first)
			return nil
		}
		if _, err := os.Stat(filepath.Join(filepath.Dir(path), ref)); err != nil {
			t.Errorf("%s: schema %s: %v", path, ref, err)
		}
		return nil
	})
	if err != nil || n < 4 {
		t.Fatalf("walked %d example files: %v", n, err)
	}
}

func TestDefaultsMergeUnderVideos(t *testing.T) {
	set, dir := load(t, project{
		"reel.yaml": `version: 1
defaults:
  voice: {id: v1, speed: 1.2}
  background: {color: "#000000"}
  scenes: [{script: Default scene.}]
`,
		"videos/a.yaml": "avatar: {id: x}\nvoice: {pitch: 5}\n",
		"videos/b.yaml": "avatar: {id: x}\nbackground: null\nscenes: [{script: One.}, {script: Two.}]\n",
	})
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	a, b := set.Videos[0], set.Videos[1]
	if a.Voice.ID != "v1" || *a.Voice.Speed != 1.2 || *a.Voice.Pitch != 5 {
		t.Errorf("maps merge key by key, the video winning: got voice %+v", a.Voice)
	}
	if len(a.Scenes) != 1 || a.Scenes[0].Script != "Default scene." {
		t.Errorf("a video without scenes takes the default's: %+v", a.Scenes)
	}
	if len(b.Scenes) != 2 {
		t.Errorf("a video's list replaces the default list: got %d scenes", len(b.Scenes))
	}
	if b.Background != nil {
		t.Errorf("null removes a default: background is %+v", b.Background)
	}
}

func TestVariantOutputs(t *testing.T) {
	set, dir := load(t, project{
		"reel.yaml": "version: 1\ndefaults: {voice: {id: v1}}\n",
		"videos/promo/launch.yaml": `avatar: {id: x}
scenes: [{script: Hi.}]
variants:
  es: {scenes: [{script: Hola.}]}
  de: {scenes: [{script: Hallo.}], output: german/launch.mp4}
`,
		"videos/clip.yaml": "avatar: {id: x}\noutput: final/clip.webm\nscenes: [{script: Hi.}]\n",
	})
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	got := map[string]string{}
	for _, v := range set.Videos {
		got[v.ID] = v.Output
	}
	want := map[string]string{
		"clip":            "final/clip.webm",
		"promo/launch":    "promo/launch.mp4",
		"promo/launch@es": "promo/launch@es.mp4",
		"promo/launch@de": "german/launch.mp4",
	}
	for id, out := range want {
		if got[id] != out {
			t.Errorf("%s: output %q, want %q", id, got[id], out)
		}
	}
}

func TestAssetSymlinkOutOfProjectRefused(t *testing.T) {
	outside := t.TempDir()
	secret := filepath.Join(outside, "face.png")
	writeFile(t, secret, []byte(portrait))
	files := project{"reel.yaml": keyProject, "videos/a.yaml": "avatar: {image: ../assets/face.png}\nvoice: {id: v}\nscenes: [{script: Hi.}]\n"}
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), []byte(content))
	}
	os.MkdirAll(filepath.Join(dir, "assets"), 0o755)
	if err := os.Symlink(secret, filepath.Join(dir, "assets", "face.png")); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := Load(p, Options{Providers: TestProviders})
	got := errorLines(set, dir)
	if !strings.Contains(got, "videos/a.yaml:1:17: avatar.image: ../assets/face.png: is outside the project") {
		t.Errorf("a symlink out of the project must be refused at the field, got:\n%s", got)
	}
}

func TestAbsoluteAssetPathOutsideRefused(t *testing.T) {
	set, dir := load(t, project{"reel.yaml": keyProject, "videos/a.yaml": "avatar: {image: /etc/passwd}\nvoice: {id: v}\nscenes: [{script: Hi.}]\n"})
	if got := errorLines(set, dir); !strings.Contains(got, `videos/a.yaml:1:17: avatar.image: "/etc/passwd" is an absolute path`) {
		t.Errorf("an absolute path must be refused at the field, got:\n%s", got)
	}
}

func TestOutputThroughSymlinkRefused(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "reel.yaml"), []byte(keyProject+"defaults: {voice: {id: v}}\n"))
	writeFile(t, filepath.Join(dir, "videos", "a.yaml"), []byte("avatar: {id: x}\noutput: escape/a.mp4\nscenes: [{script: Hi.}]\n"))
	os.MkdirAll(filepath.Join(dir, "out"), 0o755)
	if err := os.Symlink(t.TempDir(), filepath.Join(dir, "out", "escape")); err != nil {
		t.Fatal(err)
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := Load(p, Options{Providers: TestProviders})
	if got := errorLines(set, dir); !strings.Contains(got, `videos/a.yaml:2:9: output: "escape/a.mp4" would be written through a link`) {
		t.Errorf("an output through a symlinked folder must be refused, got:\n%s", got)
	}
}

func TestGlobs(t *testing.T) {
	for _, c := range []struct {
		glob, name string
		want       bool
	}{
		{"videos/**/*.yaml", "videos/a.yaml", true},
		{"videos/**/*.yaml", "videos/x/y/a.yaml", true},
		{"videos/**/*.yaml", "videos/a.yml", false},
		{"videos/**/*.yaml", "other/a.yaml", false},
		{"**/*.yaml", "a.yaml", true},
		{"videos/*/intro.yaml", "videos/x/intro.yaml", true},
		{"videos/*/intro.yaml", "videos/x/y/intro.yaml", false},
	} {
		if got := matchGlob(c.glob, c.name); got != c.want {
			t.Errorf("matchGlob(%q, %q) = %v, want %v", c.glob, c.name, got, c.want)
		}
	}
	if got := globPrefix("videos/**/*.yaml"); got != "videos/" {
		t.Errorf("globPrefix = %q", got)
	}
}

// TestChoiceReplacesDefault: picking voice.name in a video replaces the
// default voice.id, as picking an image replaces a default avatar id; the
// two are never merged into an invalid pair.
func TestChoiceReplacesDefault(t *testing.T) {
	set, dir := load(t, project{
		"reel.yaml": `version: 1
defaults:
  voice: {id: v1, speed: 1.0}
  avatar: {id: Angela-inTshirt-20220820}
  background: {color: "#000000"}
`,
		"videos/a.yaml": "provider: fal\navatar: {image: https://example.com/a.png}\nvoice: {name: Ivy}\nbackground: {image: https://example.com/b.png}\nscenes: [{script: Hello}]\n",
	})
	if len(set.Errors) > 0 {
		t.Fatal(errorLines(set, dir))
	}
	v := set.Videos[0]
	if v.Voice.ID != "" || v.Voice.Name != "Ivy" || v.Avatar.ID != "" || v.Background.Color != "" {
		t.Errorf("the video's choice must replace the default's: voice %+v avatar %+v background %+v", v.Voice, v.Avatar, v.Background)
	}
	if v.Request.Body()["voice"] != "Ivy" || v.Request.Body()["image_url"] != "https://example.com/a.png" {
		t.Errorf("fal body: %v", v.Request.Body())
	}
}

func TestAudioDurationFromHeader(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "examples", "assets", "pricing.wav"))
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "pricing.wav"), data)
	a, msg := newAssetCache(dir).get(filepath.Join(dir, "pricing.wav"), AudioMedia)
	if msg != "" {
		t.Fatal(msg)
	}
	if a.Duration < 1.49 || a.Duration > 1.51 {
		t.Errorf("pricing.wav lasts 1.5 s; read %.3f s", a.Duration)
	}
}

// LoadValidatedProject leaves out the schema check only for the very
// content that passed it: anything else is checked as LoadProject checks
// it, and a valid reel.yaml loads the same either way.
func TestLoadValidatedProject(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, ProjectFile)
	writeFile(t, file, []byte("version: 1\noutput_dir: videos-out\n"))
	want, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	got, err := LoadValidatedProject(dir, want.Read.SHA256)
	if err != nil || got.Config.OutputDir != "videos-out" || got.Read != want.Read {
		t.Fatalf("a valid reel.yaml with its own sum: %+v, %v; want %+v", got, err, want)
	}
	writeFile(t, file, []byte("version: 1\noutput_dirr: videos-out\n")) // edited since it passed
	_, want2 := LoadProject(dir)
	_, got2 := LoadValidatedProject(dir, want.Read.SHA256)
	if want2 == nil || got2 == nil || got2.Error() != want2.Error() {
		t.Fatalf("a reel.yaml edited since it passed: %v; LoadProject says %v", got2, want2)
	}
}

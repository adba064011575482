package manifest

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"
)

// project is a project to write into a temp folder: file name → content.
type project map[string]string

func (p project) with(name, content string) project {
	out := project{}
	for k, v := range p {
		out[k] = v
	}
	if content == "" {
		delete(out, name)
	} else {
		out[name] = content
	}
	return out
}

// keys loads the project and returns each video's render key by id.
func keys(t *testing.T, files project, provider string) map[string]string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		writeFile(t, filepath.Join(dir, name), []byte(content))
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatalf("reel.yaml: %v", err)
	}
	set, err := Load(p, Options{Providers: TestProviders, Provider: provider})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Errors) > 0 {
		t.Fatalf("errors:\n%v", set.Errors)
	}
	out := map[string]string{}
	for _, v := range set.Videos {
		out[v.ID] = v.Request.Key
	}
	return out
}

const keyProject = "version: 1\nprovider: heygen\n"

// portrait is a PNG header: reel sniffs types from the first bytes and
// hashes the whole file, so this is enough of an image for a key.
const portrait = "\x89PNG\r\n\x1a\n portrait pixels"

const baseVideo = `title: Welcome
avatar: {image: ../assets/anna.png}
voice: {id: v1, speed: 1.0}
dimension: {aspect: "16:9", resolution: 1080p}
background: {color: "#0A2540"}
scenes:
  - script: Hi, I'm Anna.
`

func TestRenderKeyStable(t *testing.T) {
	base := project{"reel.yaml": keyProject, "assets/anna.png": portrait, "videos/welcome.yaml": baseVideo}
	want := keys(t, base, "")["welcome"]
	if len(want) != 64 {
		t.Fatalf("key %q is not hex SHA-256", want)
	}
	same := map[string]project{
		"keys reordered": base.with("videos/welcome.yaml", `scenes:
  - script: Hi, I'm Anna.
background: {color: "#0A2540"}
dimension: {resolution: 1080p, aspect: "16:9"}
voice: {speed: 1.0, id: v1}
avatar: {image: ../assets/anna.png}
title: Welcome
`),
		"comments and block style": base.with("videos/welcome.yaml", `# the welcome video
title: Welcome  # shown in the dashboard
avatar:
  image: ../assets/anna.png
voice:
  id: "v1"
  speed: 1
dimension:
  aspect: "16:9"
  resolution: "1080p"
background:
  color: '#0A2540'
scenes:
- script: "Hi, I'm Anna."
`),
		"asset moved and renamed": base.with("assets/anna.png", "").with("media/people/anna-2024.png", portrait).
			with("videos/welcome.yaml", strings.Replace(baseVideo, "../assets/anna.png", "../media/people/anna-2024.png", 1)),
		"output path changed":      base.with("videos/welcome.yaml", baseVideo+"output: launch/welcome-final.mp4\n"),
		"title changed":            base.with("videos/welcome.yaml", strings.Replace(baseVideo, "title: Welcome", "title: Welcome (v2)", 1)),
		"default speed left out":   base.with("videos/welcome.yaml", strings.Replace(baseVideo, ", speed: 1.0", "", 1)),
		"size as width and height": base.with("videos/welcome.yaml", strings.Replace(baseVideo, `{aspect: "16:9", resolution: 1080p}`, "{width: 1920, height: 1080}", 1)),
		"voice from defaults": base.with("reel.yaml", keyProject+"defaults: {voice: {id: v1}}\n").
			with("videos/welcome.yaml", strings.Replace(baseVideo, "voice: {id: v1, speed: 1.0}\n", "", 1)),
	}
	for name, files := range same {
		t.Run(name, func(t *testing.T) {
			if got := keys(t, files, "")["welcome"]; got != want {
				t.Errorf("key changed: %s, want %s", got, want)
			}
		})
	}
}

func TestRenderKeyChanges(t *testing.T) {
	base := project{"reel.yaml": keyProject, "assets/anna.png": portrait, "videos/welcome.yaml": baseVideo}
	orig := keys(t, base, "")["welcome"]
	v2Video := strings.Replace(baseVideo, "avatar: {image: ../assets/anna.png}", "avatar: {id: Anna-2024}", 1)
	v2Base := keys(t, base.with("videos/welcome.yaml", v2Video), "")["welcome"]
	v2Project := base.with("reel.yaml", keyProject+"providers: {heygen: {api: v2}}\n").with("videos/welcome.yaml", v2Video)
	v2Only := keys(t, v2Project, "")["welcome"]
	changed := []struct {
		name     string
		files    project
		provider string
		from     string
	}{
		{"one character of the script", base.with("videos/welcome.yaml", strings.Replace(baseVideo, "Anna.", "Anna!", 1)), "", orig},
		{"one byte of the image", base.with("assets/anna.png", portrait[:len(portrait)-1]+"Z"), "", orig},
		{"the voice", base.with("videos/welcome.yaml", strings.Replace(baseVideo, "id: v1", "id: v2", 1)), "", orig},
		{"the voice speed", base.with("videos/welcome.yaml", strings.Replace(baseVideo, "speed: 1.0", "speed: 1.1", 1)), "", orig},
		{"the background", base.with("videos/welcome.yaml", strings.Replace(baseVideo, "#0A2540", "#0A2541", 1)), "", orig},
		{"the resolution", base.with("videos/welcome.yaml", strings.Replace(baseVideo, "1080p", "720p", 1)), "", orig},
		{"the captions", base.with("videos/welcome.yaml", baseVideo+"captions: burn_in\n"), "", orig},
		{"the provider", base, "sandbox", orig},
		{"the provider's API", base.with("reel.yaml", keyProject+"providers: {heygen: {api: v2}}\n").with("videos/welcome.yaml", v2Video), "", v2Base},
		{"provider_options", base.with("videos/welcome.yaml", baseVideo+"provider_options: {remove_background: true}\n"), "", orig},
		// a scene's emotion, with no voice of the scene's own, is that
		// scene's voice's emotion: it changes the sound
		{"a scene's emotion on v2", v2Project.with("videos/welcome.yaml", strings.Replace(v2Video, "  - script: Hi, I'm Anna.", "  - {script: \"Hi, I'm Anna.\", emotion: Excited}", 1)), "", v2Only},
	}
	for _, c := range changed {
		t.Run(c.name, func(t *testing.T) {
			if got := keys(t, c.files, c.provider)["welcome"]; got == c.from {
				t.Errorf("key did not change: %s", got)
			}
		})
	}
}

// TestRenderKeyVariants: a variant is its own video with its own key, and
// editing one variant leaves the others' keys alone.
func TestRenderKeyVariants(t *testing.T) {
	video := baseVideo + "variants:\n  es: {voice: {id: v9}}\n  de: {scenes: [{script: Hallo}]}\n"
	base := project{"reel.yaml": keyProject, "assets/anna.png": portrait, "videos/welcome.yaml": video}
	k := keys(t, base, "")
	if len(k) != 3 || k["welcome"] == k["welcome@es"] || k["welcome@es"] == k["welcome@de"] {
		t.Fatalf("want three distinct keys, got %v", k)
	}
	edited := keys(t, base.with("videos/welcome.yaml", strings.Replace(video, "Hallo", "Hallo!", 1)), "")
	if edited["welcome"] != k["welcome"] || edited["welcome@es"] != k["welcome@es"] || edited["welcome@de"] == k["welcome@de"] {
		t.Errorf("editing variant de changed the wrong keys:\nbefore %v\nafter  %v", k, edited)
	}
}

func TestRenderKeyDebugListsInputs(t *testing.T) {
	dir := t.TempDir()
	for name, content := range (project{"reel.yaml": keyProject, "assets/anna.png": portrait, "videos/welcome.yaml": baseVideo}) {
		writeFile(t, filepath.Join(dir, name), []byte(content))
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, _ := Load(p, Options{Providers: TestProviders})
	var b strings.Builder
	DebugKey(&b, set.Videos[0])
	out := b.String()
	for _, want := range []string{"key welcome " + set.Videos[0].Request.Key, "version:  " + KeyVersion, "provider: heygen", "api:      v3", `"script":"Hi, I'm Anna."`, "asset:    sha256:"} {
		if !strings.Contains(out, want) {
			t.Errorf("REEL_DEBUG=key output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, `"title"`) {
		t.Errorf("the title is cosmetic and must not be a key input:\n%s", out)
	}
}

// TestSandboxKeys: a video in the sandbox sends its provider's own request
// under a key of its own, so a later real run renders it; KeyIn names the
// real key of the same request. reel.yaml's sandbox: true, its older
// provider: sandbox and the --sandbox flag (Options.Sandbox) all say it,
// and --sandbox=false overrides reel.yaml.
func TestSandboxKeys(t *testing.T) {
	files := project{"reel.yaml": keyProject, "assets/anna.png": portrait, "videos/welcome.yaml": baseVideo}
	load := func(files project, opt Options) *Video {
		t.Helper()
		dir := t.TempDir()
		for name, content := range files {
			writeFile(t, filepath.Join(dir, name), []byte(content))
		}
		p, err := LoadProject(dir)
		if err != nil {
			t.Fatalf("reel.yaml: %v", err)
		}
		set, err := Load(p, opt)
		if err != nil || len(set.Errors) > 0 {
			t.Fatalf("%v %v", err, set.Errors)
		}
		return set.Videos[0]
	}
	on, off := true, false
	real := load(files, Options{Providers: TestProviders})
	sandboxed := map[string]*Video{
		"--sandbox":                  load(files, Options{Providers: TestProviders, Sandbox: &on}),
		"--provider sandbox":         load(files, Options{Providers: TestProviders, Provider: "sandbox"}),
		"sandbox: true in reel.yaml": load(files.with("reel.yaml", keyProject+"sandbox: true\n"), Options{Providers: TestProviders}),
		"provider: sandbox":          load(files.with("reel.yaml", "version: 1\nprovider: sandbox\n"), Options{Providers: TestProviders}),
		"a manifest's provider":      load(files.with("videos/welcome.yaml", baseVideo+"provider: sandbox\n"), Options{Providers: TestProviders}),
	}
	for name, v := range sandboxed {
		switch {
		case !v.Sandbox || v.Provider != "heygen" || v.API != "v3":
			t.Errorf("%s: sandbox %v, %s %s; want heygen v3 in the sandbox", name, v.Sandbox, v.Provider, v.API)
		case v.Request.Key == real.Request.Key:
			t.Errorf("%s: the sandbox key is the real one", name)
		case v.Request.KeyIn(false) != real.Request.Key || v.Request.KeyIn(true) != v.Request.Key || real.Request.KeyIn(true) != v.Request.Key:
			t.Errorf("%s: KeyIn does not name the other mode's key", name)
		case !bytes.Equal(v.Request.KeyJSON(), real.Request.KeyJSON()):
			t.Errorf("%s: the sandbox sends another request", name)
		}
	}
	if v := load(files.with("reel.yaml", keyProject+"sandbox: true\n"), Options{Providers: TestProviders, Sandbox: &off}); v.Sandbox || v.Request.Key != real.Request.Key {
		t.Error("--sandbox=false did not render for real")
	}
}

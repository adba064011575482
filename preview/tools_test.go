package preview

import (
	"context"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// pathWith makes PATH a folder holding only these programs (each does
// nothing).
func pathWith(t *testing.T, names ...string) {
	dir := t.TempDir()
	for _, n := range names {
		if err := os.WriteFile(filepath.Join(dir, n), []byte("#!/bin/sh\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	t.Setenv("PATH", dir)
}

// TestMissingTools: a missing tool is an error that names the Debian
// package to install.
func TestMissingTools(t *testing.T) {
	for _, c := range []struct {
		have  []string
		tools []string
		fix   string
	}{
		{nil, []string{"espeak-ng", "ffmpeg", "ffprobe"}, "apt-get install espeak-ng ffmpeg`"},
		{[]string{"ffmpeg", "ffprobe"}, []string{"espeak-ng"}, "apt-get install espeak-ng`"},
		{[]string{"espeak-ng", "ffmpeg"}, []string{"ffprobe"}, "apt-get install ffmpeg`"},
	} {
		pathWith(t, c.have...)
		_, err := Make(context.Background(), Draft{Key: key('1'), Width: 64, Height: 36, Scenes: []Scene{{Silence: 1}}}, t.TempDir())
		var missing *MissingToolError
		if !errors.As(err, &missing) {
			t.Fatalf("with %v on PATH: %v, want a *MissingToolError", c.have, err)
		}
		if strings.Join(missing.Tools, " ") != strings.Join(c.tools, " ") || !strings.Contains(err.Error(), c.fix) {
			t.Errorf("with %v on PATH: %q names %v; want %v and %q", c.have, err, missing.Tools, c.tools, c.fix)
		}
	}
}

// TestCachedDraftNeedsNoTools: a draft already made is returned, with
// its lengths, where neither espeak-ng nor ffmpeg is installed.
func TestCachedDraftNeedsNoTools(t *testing.T) {
	dir := t.TempDir()
	k := key('2')
	mp4, err := os.ReadFile("../testdata/media/16x9.mp4")
	if err != nil {
		t.Fatal(err)
	}
	os.WriteFile(filepath.Join(dir, k+".mp4"), mp4, 0o644)
	os.WriteFile(filepath.Join(dir, k+".json"), []byte(`{"version":1,"key":"`+k+`","seconds":1,"scenes":[1]}`), 0o644)
	pathWith(t)
	r, err := Make(context.Background(), Draft{Key: k, Width: 320, Height: 180, Scenes: []Scene{{Script: "Hi."}}}, dir)
	if err != nil || r.Built || r.Seconds != 1 || r.Path != filepath.Join(dir, k+".mp4") {
		t.Errorf("Make of a made draft without tools: %+v, %v", r, err)
	}
	// without its lengths, a draft is made again
	os.Remove(filepath.Join(dir, k+".json"))
	var missing *MissingToolError
	if _, err := Make(context.Background(), Draft{Key: k, Width: 320, Height: 180, Scenes: []Scene{{Script: "Hi."}}}, dir); !errors.As(err, &missing) {
		t.Errorf("Make of a draft whose lengths are gone: %v, want it made again (and so the tools asked for)", err)
	}
}

// noRuns is a Tools whose every run fails the test: for inputs that must
// be refused before any tool starts.
func noRuns(t *testing.T) *Tools {
	return &Tools{Espeak: "espeak-ng", FFmpeg: "ffmpeg", FFprobe: "ffprobe", Run: func(c *exec.Cmd) error {
		t.Errorf("ran %v", c.Args)
		return errors.New("no runs here")
	}}
}

// TestBadDrafts: a draft that cannot be made as given is refused before
// any tool runs or any file is named after its key.
func TestBadDrafts(t *testing.T) {
	good := Draft{Key: key('4'), Width: 64, Height: 36, Scenes: []Scene{{Script: "Hi."}}}
	for _, c := range []struct {
		name string
		edit func(*Draft)
	}{
		{"key with a path", func(d *Draft) { d.Key = "../../" + key('4')[6:] }},
		{"upper-case key", func(d *Draft) { d.Key = strings.ToUpper(key('a')) }},
		{"odd width", func(d *Draft) { d.Width = 65 }},
		{"huge frame", func(d *Draft) { d.Width, d.Height = 1<<20, 1<<20 }},
		{"no scenes", func(d *Draft) { d.Scenes = nil }},
		{"script and silence", func(d *Draft) { d.Scenes[0].Silence = 1 }},
		{"blank script", func(d *Draft) { d.Scenes[0].Script = " \n" }},
		{"negative silence", func(d *Draft) { d.Scenes = []Scene{{Silence: -1}} }},
		{"endless silence", func(d *Draft) { d.Scenes = []Scene{{Silence: 1e9}} }},
		{"an hour and more in all", func(d *Draft) { d.Scenes = []Scene{{Silence: 3000}, {Silence: 3000}} }},
		{"filter in a colour", func(d *Draft) { d.Background.Color = "#000000:s=1x1,drawtext" }},
		{"unknown captions", func(d *Draft) { d.Captions = "loud" }},
	} {
		d := good
		d.Scenes = append([]Scene(nil), good.Scenes...)
		c.edit(&d)
		dir := t.TempDir()
		_, err := noRuns(t).Make(context.Background(), d, dir)
		if !errors.Is(err, ErrBadDraft) {
			t.Errorf("%s: %v, want ErrBadDraft", c.name, err)
		}
		if ents, _ := os.ReadDir(dir); len(ents) != 0 {
			t.Errorf("%s: left %d files", c.name, len(ents))
		}
	}
}

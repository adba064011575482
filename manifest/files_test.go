package manifest

import (
	"io/fs"
	"path/filepath"
	"strings"
	"testing"
)

// TestMatchAgreesWithManifests: for every file of a project, Match says
// what listing the project says: manifest or not, and which id.
func TestMatchAgreesWithManifests(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"reel.yaml":                 "version: 1\noutput_dir: videos/out\ninclude: [\"videos/**/*.yaml\", \"extra/*.yml\", \"videos/**/*.yml\"]\n",
		"videos/a.yaml":             clip,
		"videos/team/b.yaml":        clip,
		"videos/team/b.yml":         clip,
		"videos/.hidden/c.yaml":     clip,
		"videos/.d.yaml":            clip,
		"videos/out/d.yaml":         clip,
		"videos/outside.txt":        "x",
		"extra/e.yml":               clip,
		"extra/deep/f.yml":          clip,
		"assets/g.yaml":             clip,
		"videos/team/deep/er/h.yml": clip,
	} {
		writeFile(t, filepath.Join(dir, name), []byte(content))
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	listed, err := p.Manifests()
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{}
	for _, f := range listed {
		want[f.Path] = f.ID
	}
	n := 0
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		got, ok := p.Match(path)
		id, listedOK := want[path]
		if ok != listedOK || got.ID != id {
			t.Errorf("Match(%s) = %q, %v; Manifests lists it: %v, id %q", path, got.ID, ok, listedOK, id)
		}
		if ok {
			n++
		}
		return nil
	})
	if n != len(listed) || n < 5 {
		t.Errorf("Match found %d manifests, Manifests %d", n, len(listed))
	}
}

const clip = "title: Clip\navatar: {id: Angela-inTshirt-20220820}\nvoice: {id: 1bd001e7e50f421d891986aad5158bc8}\nscenes: [{script: Hello.}]\n"

// TestLoadFilesIsLoadPerFile: the examples loaded file by file give the
// same videos, keys and errors as Load, each error with its own file.
func TestLoadFilesIsLoadPerFile(t *testing.T) {
	set, dir := load(t, project{
		"reel.yaml":     "version: 1\nproviders: {heygen: {api: v2}}\ndefaults:\n  voice: {id: 1bd001e7e50f421d891986aad5158bc8, emotion: Friendly}\n",
		"videos/d.yaml": "title: D\nprovider: fal\navatar: {image: https://example.com/a.png}\nvoice: {name: Ivy}\nscenes: [{script: Hello.}]\n",
		"videos/a.yaml": clip,
		"videos/b.yaml": "title: B\navatar: {id: x}\nscenes: [{scrpit: Hi.}]\n",
		"videos/c.yaml": clip + "variants:\n  es: {output: a.mp4}\n",
	})
	p := set.Project
	files, err := p.Manifests()
	if err != nil {
		t.Fatal(err)
	}
	sets := LoadFiles(p, files, Options{Providers: TestProviders})
	var videos []*Video
	var errs Errors
	for _, fs := range sets {
		for _, e := range fs.Errors {
			if e.Pos.File != fs.File.Path && e.Pos.File != p.File {
				t.Errorf("%s: an error of another file: %s", fs.File.ID, e.Format(dir))
			}
		}
		videos = append(videos, fs.Videos...)
		errs = append(errs, fs.Errors...)
	}
	errs = append(errs, CheckUnique(p.Root, videos)...)
	got := (&Set{Errors: errs.Sorted()})
	if a, b := errorLines(got, dir), errorLines(set, dir); a != b {
		t.Errorf("LoadFiles errors:\n%s\nLoad errors:\n%s", a, b)
	}
	for _, want := range []string{"reel.yaml:", "b.yaml:", "is also the output of"} {
		if !strings.Contains(errorLines(set, dir), want) {
			t.Errorf("the project meant to have errors has none with %q:\n%s", want, errorLines(set, dir))
		}
	}
	var keysA, keysB []string
	for _, v := range videos {
		keysA = append(keysA, v.ID+" "+v.Request.Key)
	}
	for _, v := range set.Videos {
		keysB = append(keysB, v.ID+" "+v.Request.Key)
	}
	if strings.Join(keysA, "\n") != strings.Join(keysB, "\n") {
		t.Errorf("LoadFiles videos:\n%v\nLoad videos:\n%v", keysA, keysB)
	}
}

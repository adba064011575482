package manifest

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// seeds adds every example manifest and every file of the invalid corpus.
func seeds(f *testing.F, want func(name string) bool) {
	examples, _ := filepath.Glob(filepath.Join("..", "examples", "videos", "*", "*.yaml"))
	top, _ := filepath.Glob(filepath.Join("..", "examples", "videos", "*.yaml"))
	for _, e := range append(top, examples...) {
		if data, err := os.ReadFile(e); err == nil && want("video.yaml") {
			f.Add(data)
		}
	}
	if data, err := os.ReadFile(filepath.Join("..", "examples", ProjectFile)); err == nil && want(ProjectFile) {
		f.Add(data)
	}
	cases, _ := filepath.Glob(filepath.Join("..", "testdata", "invalid", "*.txtar"))
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			f.Fatal(err)
		}
		for _, file := range ar.Files {
			if want(filepath.Base(file.Name)) {
				f.Add(file.Data)
			}
		}
	}
}

var hexKey = regexp.MustCompile(`^[0-9a-f]{64}$`)

// fuzzProject is a project with a default voice and real-looking assets,
// so fuzzed manifests reach request building, not just the parser.
func fuzzProject(f *testing.F) *loader {
	dir := f.TempDir()
	files := map[string]string{
		ProjectFile:           defaultProject,
		"assets/anna.png":     portrait,
		"assets/line.wav":     "RIFF\x24\x00\x00\x00WAVEfmt ",
		"assets/clip.mp4":     "\x00\x00\x00\x18ftypmp42",
		"videos/.placeholder": "",
	}
	for name, content := range files {
		path := filepath.Join(dir, name)
		os.MkdirAll(filepath.Dir(path), 0o755)
		if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
			f.Fatal(err)
		}
	}
	p, err := LoadProject(dir)
	if err != nil {
		f.Fatal(err)
	}
	return &loader{p: p, opt: Options{Providers: TestProviders}, assets: newAssetCache(p.Root)}
}

// FuzzManifest feeds arbitrary bytes to the manifest loader: it must never
// panic or hang, every error must carry a position, and every video it
// accepts must have a request and a render key.
func FuzzManifest(f *testing.F) {
	seeds(f, func(name string) bool { return name != ProjectFile })
	l := fuzzProject(f)
	file := ManifestFile{Path: filepath.Join(l.p.Root, "videos", "fuzz.yaml"), ID: "fuzz"}
	f.Fuzz(func(t *testing.T, data []byte) {
		res := l.manifest(file, data)
		for _, e := range res.errs {
			if e.Pos.File == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("error without a position: %+v", e)
			}
		}
		for _, v := range res.videos {
			if v.Request == nil || !hexKey.MatchString(v.Request.Key) {
				t.Fatalf("video %s accepted without a request or key", v.ID)
			}
		}
	})
}

// FuzzProject does the same for reel.yaml.
func FuzzProject(f *testing.F) {
	seeds(f, func(name string) bool { return name == ProjectFile })
	dir := f.TempDir()
	file := filepath.Join(dir, ProjectFile)
	f.Fuzz(func(t *testing.T, data []byte) {
		p, err := parseProject(dir, file, data, true)
		if err == nil {
			if name, _ := p.Provider(TestProviders); p.Config.Version != 1 || name == "" {
				t.Fatalf("accepted a project without version or provider: %+v", p.Config)
			}
			return
		}
		errs, ok := err.(Errors)
		if !ok {
			t.Fatalf("error is not positioned: %v", err)
		}
		for _, e := range errs {
			if e.Pos.Line < 1 || e.Pos.Col < 1 {
				t.Fatalf("error without a position: %+v", e)
			}
		}
	})
}

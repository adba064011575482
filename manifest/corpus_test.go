package manifest

import (
	"bytes"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

var update = flag.Bool("update", false, "rewrite golden files from the current output")

// defaultProject is the reel.yaml a corpus case gets when it brings none.
const defaultProject = `version: 1
provider: heygen
defaults:
  voice: {id: 1bd001e7e50f421d891986aad5158bc8}
`

// TestInvalidCorpus loads every case of testdata/invalid/*.txtar as a
// project and compares the errors, one file:line:col: line each, with the
// case's .golden file. Each case must produce at least one error.
//
// A case's comment may ask for generated files the archive cannot hold:
//
//	generate FILE SIZE   FILE is a valid-looking manifest padded to SIZE bytes
func TestInvalidCorpus(t *testing.T) {
	cases, _ := filepath.Glob(filepath.Join("..", "testdata", "invalid", "*.txtar"))
	if len(cases) < 40 {
		t.Fatalf("the invalid corpus has %d cases; it needs at least 40", len(cases))
	}
	for _, c := range cases {
		name := strings.TrimSuffix(filepath.Base(c), ".txtar")
		t.Run(name, func(t *testing.T) {
			dir := extractCase(t, c)
			got := loadErrors(t, dir)
			if got == "" {
				t.Fatalf("case loaded without errors; every invalid case must fail")
			}
			golden := strings.TrimSuffix(c, ".txtar") + ".golden"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test ./manifest -run TestInvalidCorpus -update)", err)
			}
			if got != string(want) {
				t.Errorf("errors differ from %s\ngot:\n%s\nwant:\n%s", golden, got, want)
			}
		})
	}
}

// extractCase writes a txtar case into a fresh project folder.
func extractCase(t *testing.T, file string) string {
	t.Helper()
	ar, err := txtar.ParseFile(file)
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	hasProject := false
	for _, f := range ar.Files {
		hasProject = hasProject || f.Name == ProjectFile
		writeFile(t, filepath.Join(dir, f.Name), f.Data)
	}
	if !hasProject {
		writeFile(t, filepath.Join(dir, ProjectFile), []byte(defaultProject))
	}
	for _, line := range strings.Split(string(ar.Comment), "\n") {
		f := strings.Fields(line)
		if len(f) == 3 && f[0] == "generate" {
			size, _ := strconv.Atoi(f[2])
			writeFile(t, filepath.Join(dir, f[1]), padded(size))
		}
	}
	return dir
}

// padded is a manifest of size bytes: valid fields, then comment lines.
func padded(size int) []byte {
	var b bytes.Buffer
	b.WriteString("avatar: {id: a}\nscenes: [{script: hi}]\n")
	for b.Len() < size {
		b.WriteString("# padding padding padding padding padding padding padding padding\n")
	}
	return b.Bytes()
}

func writeFile(t testing.TB, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// loadErrors loads the project in dir and renders its errors as reel
// validate prints them, relative to dir.
func loadErrors(t *testing.T, dir string) string {
	t.Helper()
	var errs Errors
	p, err := LoadProject(dir)
	if err != nil {
		pe, ok := err.(Errors)
		if !ok {
			t.Fatalf("LoadProject: %v", err)
		}
		errs = pe
	} else {
		set, err := Load(p, Options{Providers: TestProviders})
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		errs = set.Errors
	}
	var b strings.Builder
	for _, e := range errs {
		if e.Pos.File == "" || e.Pos.Line < 1 || e.Pos.Col < 1 {
			t.Errorf("error without a position: %+v", e)
		}
		b.WriteString(e.Format(dir))
		b.WriteByte('\n')
	}
	return b.String()
}

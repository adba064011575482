package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRequestGoldens holds, for every API, the exact body each example
// video sends (testdata/requests/<api>/<id>.json) and the errors of the
// examples that API cannot render (errors.txt), and their render keys
// (keys.txt). Refresh with -update.
func TestRequestGoldens(t *testing.T) {
	for _, c := range []struct{ dir, provider, api string }{
		{"heygen-v3", "heygen", "v3"},
		{"heygen-v2", "heygen", "v2"},
		{"heygen-av4", "heygen", "av4"},
		{"sandbox", "sandbox", ""},
		{"fal", "fal", ""},
		{"pixeldojo", "pixeldojo", ""},
	} {
		t.Run(c.dir, func(t *testing.T) {
			root := filepath.Join("..", "examples")
			p, err := LoadProject(root)
			if err != nil {
				t.Fatal(err)
			}
			if c.api != "" {
				p.Config.Providers["heygen"] = NewProviderConfig(0, map[string]string{"api": c.api})
			}
			set, err := Load(p, Options{Providers: TestProviders, Provider: c.provider})
			if err != nil {
				t.Fatal(err)
			}
			want := map[string][]byte{}
			var keys bytes.Buffer // pinned: a key that moves re-renders, and pays for, every video
			for _, v := range set.Videos {
				body, _ := json.MarshalIndent(v.Request.Body(), "", "  ")
				want[strings.ReplaceAll(v.ID, "/", "__")+".json"] = append(body, '\n')
				fmt.Fprintf(&keys, "%s %s\n", v.ID, v.Request.Key)
			}
			want["keys.txt"] = keys.Bytes()
			var errs bytes.Buffer
			abs, _ := filepath.Abs(root)
			for _, e := range set.Errors {
				errs.WriteString(e.Format(abs) + "\n")
			}
			want["errors.txt"] = errs.Bytes()
			compareDir(t, filepath.Join("..", "testdata", "requests", c.dir), want)
		})
	}
}

// compareDir checks that dir holds exactly the files in want.
func compareDir(t *testing.T, dir string, want map[string][]byte) {
	t.Helper()
	if *update {
		os.RemoveAll(dir)
		for name, data := range want {
			writeFile(t, filepath.Join(dir, name), data)
		}
		return
	}
	have, _ := filepath.Glob(filepath.Join(dir, "*"))
	if len(have) != len(want) {
		t.Errorf("%s holds %d files, want %d (run with -update)", dir, len(have), len(want))
	}
	for name, data := range want {
		got, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Errorf("%v (run with -update)", err)
			continue
		}
		if !bytes.Equal(got, data) {
			t.Errorf("%s/%s differs:\ngolden:\n%s\nnow:\n%s", dir, name, got, data)
		}
	}
}

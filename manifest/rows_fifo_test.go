//go:build unix

package manifest

import (
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// A data or translation file that is a FIFO, or a link to /dev/zero or
// out of the project (as a branch may commit one), is refused at once.
func TestHostileDataFilesRefused(t *testing.T) {
	for _, tc := range []struct {
		name string
		make func(t *testing.T, path string)
		want string
	}{
		{"a FIFO", func(t *testing.T, path string) {
			if err := syscall.Mkfifo(path, 0o644); err != nil {
				t.Fatal(err)
			}
		}, "rows.file: ../data/customers.csv: is a named pipe (FIFO), not a regular file"},
		{"a link to /dev/zero", func(t *testing.T, path string) {
			if err := os.Symlink("/dev/zero", path); err != nil {
				t.Fatal(err)
			}
		}, "rows.file: ../data/customers.csv is outside the project (/dev/zero)"},
		{"a link out of the project", func(t *testing.T, path string) {
			out := filepath.Join(t.TempDir(), "elsewhere.csv")
			writeFile(t, out, []byte(customers))
			if err := os.Symlink(out, path); err != nil {
				t.Fatal(err)
			}
		}, "is outside the project"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, "reel.yaml"), []byte(rowsProject))
			writeFile(t, filepath.Join(dir, "videos", "welcome.yaml"), []byte(welcome))
			os.MkdirAll(filepath.Join(dir, "data"), 0o755)
			tc.make(t, filepath.Join(dir, "data", "customers.csv"))
			p, err := LoadProject(dir)
			if err != nil {
				t.Fatal(err)
			}
			done := make(chan *Set)
			go func() {
				set, _ := Load(p, Options{Providers: TestProviders})
				done <- set
			}()
			select {
			case set := <-done:
				if got := errorLines(set, dir); !strings.Contains(got, tc.want) {
					t.Fatalf("errors:\n%s\nwant %s", got, tc.want)
				}
			case <-time.After(time.Minute): // a hang, not slowness
				t.Fatal("Load waited on the data file")
			}
		})
	}
}

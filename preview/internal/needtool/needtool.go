// Package needtool lets a test that needs a program find it: under CI
// (CI=true), where .ci/run installs every such program, a missing one
// fails the test; elsewhere the test is skipped and says what to install.
package needtool

import (
	"os"
	"os/exec"
	"testing"
)

// Packages are the Debian packages that bring each program the tests use.
var Packages = map[string]string{
	"espeak-ng": "espeak-ng",
	"ffmpeg":    "ffmpeg",
	"ffprobe":   "ffmpeg",
	"chromium":  "chromium",
}

// Need returns the path of each named program, failing (under CI) or
// skipping the test when one is missing.
func Need(t testing.TB, names ...string) []string {
	t.Helper()
	var paths []string
	for _, name := range names {
		p, err := exec.LookPath(name)
		if err != nil {
			msg := name + " is not installed: apt-get install " + Packages[name]
			if os.Getenv("CI") == "true" {
				t.Fatal(msg + " (.ci/run installs it)")
			}
			t.Skip(msg)
		}
		paths = append(paths, p)
	}
	return paths
}

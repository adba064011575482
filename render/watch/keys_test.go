package watch

import (
	"errors"
	"slices"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
)

func unsetKeys(t *testing.T) {
	for _, v := range []string{"HEYGEN_API_KEY", "FAL_KEY", "PIXELDOJO_API_KEY"} {
		t.Setenv(v, "")
	}
}

// openExamples opens a session on a copy of the examples, whose provider
// is HeyGen, and plans it.
func openExamples(t *testing.T, opt SessionOptions) (*Session, *Update) {
	t.Helper()
	s, err := Open(copyExamples(t), opt)
	if err != nil {
		t.Fatal(err)
	}
	u, err := s.First()
	if err != nil {
		t.Fatal(err)
	}
	return s, u
}

func wantMissing(t *testing.T, err error, vars ...string) {
	t.Helper()
	var missing *render.MissingKeysError
	if !errors.As(err, &missing) || !slices.Equal(missing.Vars, vars) {
		t.Fatalf("got %v; want the keys %q missing", err, vars)
	}
}

// watch --render checks at start the keys of every provider it may render
// with: the examples' videos use HeyGen and fal. Watching only the HeyGen
// ones needs only HeyGen's key; the sandbox needs none.
func TestSessionChecksKeysAtStart(t *testing.T) {
	unsetKeys(t)
	s, first := openExamples(t, SessionOptions{})
	wantMissing(t, s.CheckKeys(first), "FAL_KEY", "HEYGEN_API_KEY")
	t.Setenv("HEYGEN_API_KEY", "k-0123456789")
	wantMissing(t, s.CheckKeys(first), "FAL_KEY")
	t.Setenv("FAL_KEY", "id:secret-0123456789")
	if err := s.CheckKeys(first); err != nil {
		t.Errorf("with the keys set: %v", err)
	}

	unsetKeys(t)
	shorts := func(f manifest.ManifestFile) bool { return strings.HasPrefix(f.ID, "shorts/") }
	s, first = openExamples(t, SessionOptions{Only: shorts})
	wantMissing(t, s.CheckKeys(first), "HEYGEN_API_KEY")

	s, first = openExamples(t, SessionOptions{Provider: "sandbox"})
	if err := s.CheckKeys(first); err != nil {
		t.Errorf("in the sandbox: %v", err)
	}
}

// A draft whose provider's key is missing (it was unset, or a save moved
// a video to another provider) is not sent: Prepare says which key, and
// gives the run lock back.
func TestPrepareNeedsTheKey(t *testing.T) {
	unsetKeys(t)
	s, _ := openExamples(t, SessionOptions{})
	for range 2 { // the second would be render.ErrBusy if the first kept the lock
		job, err := s.Prepare([]string{"explainer"}, 0)
		if job != nil {
			job.Release()
		}
		wantMissing(t, err, "HEYGEN_API_KEY")
	}
}

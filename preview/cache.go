package preview

import (
	"encoding/json"
	"errors"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/internal/safefile"
)

// draftVersion is the version of how drafts are made: a draft made by an
// older reel is made again, as its picture or sound may differ.
const draftVersion = 1

// Result is a draft and what it measured.
type Result struct {
	Path    string    // the draft: <dir>/<key>.mp4
	Seconds float64   // how long it plays: its scenes' measured lengths, summed
	Scenes  []float64 // each scene's length: speech as spoken, audio files and silences as they are
	Built   bool      // made by this call, rather than found made
}

// meta is the file beside each draft, <key>.json, that keeps what it
// measured, so a later plan reads the lengths without espeak-ng or ffprobe.
type meta struct {
	Version int       `json:"version"`
	Key     string    `json:"key"`
	Seconds float64   `json:"seconds"`
	Scenes  []float64 `json:"scenes"`
}

// metaLimit is the most a draft's meta file may hold: a length per scene.
var metaLimit = safefile.Limit{Kind: "a draft's lengths file", Max: 1 << 20, Fix: "remove it; reel preview makes the draft again"}

func draftPath(dir, key string) string { return filepath.Join(dir, key+".mp4") }
func metaPath(dir, key string) string  { return filepath.Join(dir, key+".json") }

// Cached is the draft of the render key in dir, if one was made by this
// version of reel: its MP4 and its lengths are both there. It needs no
// tool, so a plan can read measured lengths wherever it runs.
func Cached(dir, key string) (Result, bool) {
	if !keyPattern.MatchString(key) {
		return Result{}, false
	}
	st, err := os.Lstat(draftPath(dir, key))
	if err != nil || !st.Mode().IsRegular() || st.Size() == 0 {
		return Result{}, false
	}
	data, err := safefile.Read(metaPath(dir, key), metaLimit)
	if err != nil {
		return Result{}, false
	}
	var m meta
	if json.Unmarshal(data, &m) != nil || m.Version != draftVersion || m.Key != key || !m.valid() {
		return Result{}, false
	}
	return Result{Path: draftPath(dir, key), Seconds: m.Seconds, Scenes: m.Scenes}, true
}

func (m *meta) valid() bool {
	if len(m.Scenes) == 0 || !finite(m.Seconds) || m.Seconds <= 0 || m.Seconds > MaxSeconds {
		return false
	}
	for _, s := range m.Scenes {
		if !finite(s) || s < 0 {
			return false
		}
	}
	return true
}

// keep puts a finished draft in place: its lengths first, then the MP4
// from the working folder, linked in only if no draft of the key is there
// (a second reel making the same draft at once leaves the first one), so
// that an MP4 in place always has its lengths beside it and is whole.
func keep(dir, key, made string, r Result) error {
	data, err := json.Marshal(meta{Version: draftVersion, Key: key, Seconds: r.Seconds, Scenes: r.Scenes})
	if err != nil {
		return err
	}
	tmp := made + ".json"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o644); err != nil {
		return err
	}
	if err := os.Rename(tmp, metaPath(dir, key)); err != nil {
		return err
	}
	if err := os.Chmod(made, 0o644); err != nil {
		return err
	}
	err = os.Link(made, draftPath(dir, key))
	switch {
	case err == nil, errors.Is(err, fs.ErrExist):
		return nil
	default: // a file system without hard links
		return os.Rename(made, draftPath(dir, key))
	}
}

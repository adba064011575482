// Package render carries a plan out: upload, submit, poll, download,
// verify, record. It decides nothing of its own: the plan says what to do.
package render

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/render/plan"
)

// StatOutputs is the plan's view of output_dir: whether an output exists,
// its size and its SHA-256.
func StatOutputs(dir string) plan.Stat {
	return func(rel string) (plan.Output, error) {
		f, err := os.Open(filepath.Join(dir, filepath.FromSlash(rel)))
		if errors.Is(err, fs.ErrNotExist) {
			return plan.Output{}, nil
		}
		if err != nil {
			return plan.Output{}, err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return plan.Output{}, err
		}
		return plan.Output{Exists: true, Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}, nil
	}
}

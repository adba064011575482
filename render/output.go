package render

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/render/mediacheck"
	"github.com/reel-dev/reel/render/provider"
)

// Fetched is a verified output, in place.
type Fetched struct {
	Size   int64
	SHA256 string
}

// fetch downloads url into out (a path below dir) through a temporary file
// in the same folder, verifies it is a whole MP4 or WebM by its structure
// as it streams (mediacheck), and renames it into place: a crash never
// leaves a partial file under the output's name, and an existing output is
// replaced only by a verified one. A file its first bytes show is not the
// container stops the download there.
func fetch(ctx context.Context, d provider.Doer, rawURL, out string, webm bool) (Fetched, error) {
	return fetchAs(ctx, d, rawURL, out, webm, Fetched{})
}

// fetchAs is fetch that, when want names a file (its SHA256 is set), keeps
// the download only if it is that very file, and otherwise returns a
// *MismatchError and leaves out as it was: a render recorded once must
// come back byte for byte. A download that grows past want's size is
// stopped there.
func fetchAs(ctx context.Context, d provider.Doer, rawURL, out string, webm bool, want Fetched) (Fetched, error) {
	var got Fetched
	err := intoPlace(out, func(tmp *os.File) error {
		h := sha256.New()
		check := mediacheck.New(container(webm))
		var w io.Writer = io.MultiWriter(check, h, tmp)
		if want.SHA256 != "" {
			w = &capped{w: w, want: want}
		}
		n, err := provider.Download(ctx, d, rawURL, w)
		var bad *mediacheck.Error
		var other *MismatchError
		switch {
		case errors.As(err, &other):
			err = other // longer than the file recorded
		case errors.As(err, &bad):
			err = bad // the download stopped at what the bytes showed
		case err == nil:
			err = check.Finish(n)
		}
		got = Fetched{Size: n, SHA256: hex.EncodeToString(h.Sum(nil))}
		if err == nil && want.SHA256 != "" && got != want {
			err = &MismatchError{Want: want, Got: got}
		}
		return err
	})
	if err != nil {
		return Fetched{}, err
	}
	return got, nil
}

// intoPlace writes the output out through a temporary file in its folder:
// write fills the file and says whether what it wrote is good; only then
// is the file synced and renamed to out, and the folder synced, so that a
// crash or a refusal never leaves a partial or a wrong file under the
// output's name, and an output there is replaced only by a good one.
func intoPlace(out string, write func(tmp *os.File) error) error {
	if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(out), ".reel-download-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // after a successful rename this is a no-op
	tmp.Chmod(0o644)            // CreateTemp makes 0600; outputs are ordinary files
	err = write(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return err
	}
	if err := os.Rename(tmp.Name(), out); err != nil {
		return err
	}
	syncDir(filepath.Dir(out))
	return nil
}

// MismatchError says a download is not the file reel.lock records for the
// render: the provider now serves another file for that job.
type MismatchError struct {
	Want Fetched
	// Got is what came: its SHA256 is empty when the download was stopped
	// for growing past Want.Size.
	Got Fetched
}

func (e *MismatchError) Error() string {
	got := fmt.Sprintf("%d bytes, sha256 %s", e.Got.Size, e.Got.SHA256)
	if e.Got.SHA256 == "" {
		got = fmt.Sprintf("more than %d bytes", e.Want.Size)
	}
	return fmt.Sprintf("the provider's file is not the one reel.lock records (%d bytes, sha256 %s): it sent %s", e.Want.Size, e.Want.SHA256, got)
}

// capped passes writes on until they would grow past want's size, then
// fails with a *MismatchError: a file longer than the one recorded is not
// it, and need not be read to its end.
type capped struct {
	w    io.Writer
	want Fetched
	n    int64
}

func (c *capped) Write(p []byte) (int, error) {
	if c.n+int64(len(p)) > c.want.Size {
		return 0, &MismatchError{Want: c.want, Got: Fetched{Size: c.n + int64(len(p))}}
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}

// container is the kind of file an output must be.
func container(webm bool) mediacheck.Container {
	if webm {
		return mediacheck.WebM
	}
	return mediacheck.MP4
}

// syncDir makes a rename durable. Errors are ignored: some file systems
// cannot sync a folder, and the rename itself has succeeded.
func syncDir(dir string) {
	if d, err := os.Open(dir); err == nil {
		d.Sync()
		d.Close()
	}
}

// Sidecar kinds: what a file next to the video may be, by extension; the
// first is used when the URL does not say.
var (
	CaptionExts   = []string{".srt", ".ass", ".vtt"}
	ThumbnailExts = []string{".jpg", ".jpeg", ".png", ".webp"}
)

// fetchSidecar downloads a file that goes with the video (welcome.mp4 →
// welcome.srt, welcome.jpg), by the same temp-and-rename path.
func fetchSidecar(ctx context.Context, d provider.Doer, rawURL, video string, exts []string) error {
	ext := exts[0]
	if u, err := url.Parse(rawURL); err == nil {
		e := strings.ToLower(path.Ext(u.Path))
		for _, x := range exts {
			if e == x {
				ext = e
			}
		}
	}
	out := strings.TrimSuffix(video, filepath.Ext(video)) + ext
	tmp, err := os.CreateTemp(filepath.Dir(out), ".reel-download-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	tmp.Chmod(0o644)
	if _, err := provider.Download(ctx, d, rawURL, tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), out)
}

// RemoveStaleDownloads deletes the temporary files of downloads that a
// killed reel left in dir. Call it only while holding the run lock
// (LockRun): another run's downloads in progress look the same.
func RemoveStaleDownloads(dir string) error {
	return filepath.WalkDir(dir, func(name string, d fs.DirEntry, err error) error {
		if errors.Is(err, fs.ErrNotExist) {
			return nil
		}
		if err != nil {
			return err
		}
		if !d.IsDir() && strings.HasPrefix(d.Name(), ".reel-download-") {
			return os.Remove(name)
		}
		return nil
	})
}

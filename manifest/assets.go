package manifest

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"time"

	"github.com/reel-dev/reel/internal/safefile"
)

// MediaKind is what a field expects a file to be.
type MediaKind string

const (
	ImageMedia MediaKind = "image"
	AudioMedia MediaKind = "audio"
	VideoMedia MediaKind = "video"
)

// Largest local asset of each kind reel uploads: HeyGen's documented limits
// (images and audio 50 MB, video 100 MB). Bigger files are refused before
// anything is read or sent.
var maxAssetSize = map[MediaKind]int64{
	ImageMedia: 50 << 20,
	AudioMedia: 50 << 20,
	VideoMedia: 100 << 20,
}

// Asset is a local file a request refers to by content hash.
type Asset struct {
	Ref  string    // "sha256:<hex>", also the placeholder in the request body
	Path string    // absolute path
	MIME string    // from the file's header
	Kind MediaKind //
	Size int64
	// Duration is the length of an audio file in seconds, read from its
	// header (0 when the header does not tell), for cost estimates.
	Duration float64
}

// Media is a resolved media field: a public URL or a local Asset.
type Media struct {
	URL   string
	Asset *Asset
}

// assetCache hashes each file once per load, however many videos use it.
type assetCache struct {
	root string // the project root, symlinks resolved
	mu   sync.Mutex
	done map[string]assetEntry
}

type assetEntry struct {
	size  int64
	mtime time.Time
	asset Asset
	err   string
}

func newAssetCache(root string) *assetCache {
	if r, err := filepath.EvalSymlinks(root); err == nil {
		root = r
	}
	return &assetCache{root: root, done: map[string]assetEntry{}}
}

// media resolves the media field at path of v: an https URL as is, a local
// path relative to the file that wrote it, checked and hashed.
func (l *loader) media(v *Video, kind MediaKind, path ...string) (Media, *Error) {
	n, _ := v.tree.Lookup(path)
	ref, _ := n.Value.(string)
	if strings.HasPrefix(ref, "https://") {
		return Media{URL: ref}, nil
	}
	if strings.Contains(ref, "://") {
		e := v.errorf(path, "%q: only https:// URLs or local paths are accepted", ref)
		return Media{}, &e
	}
	if filepath.IsAbs(ref) || strings.HasPrefix(ref, "/") {
		e := v.errorf(path, "%q is an absolute path: give a path relative to this file, inside the project", ref)
		return Media{}, &e
	}
	file := filepath.Join(filepath.Dir(n.Pos.File), filepath.FromSlash(ref))
	a, msg := l.assets.get(file, kind)
	if msg != "" {
		e := v.errorf(path, "%s: %s", ref, msg)
		return Media{}, &e
	}
	return Media{Asset: &a}, nil
}

func (c *assetCache) get(file string, kind MediaKind) (Asset, string) {
	st, err := os.Stat(file)
	if err != nil {
		if os.IsNotExist(err) {
			return Asset{}, "no such file (paths are relative to the file that names them)"
		}
		return Asset{}, "cannot read: " + unwrapPath(err).Error()
	}
	c.mu.Lock()
	e, ok := c.done[file]
	c.mu.Unlock()
	if !ok || e.size != st.Size() || !e.mtime.Equal(st.ModTime()) {
		e = c.inspect(file, st)
		c.mu.Lock()
		c.done[file] = e
		c.mu.Unlock()
	}
	if e.err != "" {
		return Asset{}, e.err
	}
	if e.asset.Kind != kind {
		return Asset{}, fmt.Sprintf("is %s (%s); this field takes %s", article(string(e.asset.Kind)), e.asset.MIME, kindWords(kind))
	}
	if e.asset.Size > maxAssetSize[kind] {
		return Asset{}, fmt.Sprintf("is %d MB; the largest %s reel uploads is %d MB", e.asset.Size>>20, kind, maxAssetSize[kind]>>20)
	}
	return e.asset, ""
}

func (c *assetCache) inspect(file string, st os.FileInfo) assetEntry {
	e := assetEntry{size: st.Size(), mtime: st.ModTime()}
	real, err := filepath.EvalSymlinks(file)
	if err != nil {
		e.err = "cannot read: " + unwrapPath(err).Error()
		return e
	}
	if !safefile.Within(c.root, real) {
		e.err = "is outside the project (" + real + "): keep assets inside the project so every checkout renders the same"
		return e
	}
	if err := safefile.Check(file, st, safefile.Asset); err != nil {
		e.err = assetError(err)
		return e
	}
	// Opened again, without blocking and checked as opened: the file may
	// have become a FIFO since the stat. Hashed no further than the cap,
	// however much it grows meanwhile.
	f, _, err := safefile.Open(real, safefile.Asset)
	if err != nil {
		e.err = assetError(err)
		return e
	}
	defer f.Close()
	r := safefile.LimitReader(f, real, safefile.Asset)
	head := make([]byte, 512)
	n, err := io.ReadFull(r, head)
	if err != nil && err != io.EOF && err != io.ErrUnexpectedEOF {
		e.err = assetError(err)
		return e
	}
	kind, mime := sniff(head[:n])
	if kind == "" {
		e.err = "is not an image, audio or video file reel knows (" + mime + "): use PNG or JPEG images, WAV or MP3 audio, MP4 or WebM video"
		return e
	}
	h := sha256.New()
	h.Write(head[:n])
	size, err := io.Copy(h, r)
	if err != nil {
		e.err = assetError(err)
		return e
	}
	e.asset = Asset{Ref: "sha256:" + hex.EncodeToString(h.Sum(nil)), Path: real, MIME: mime, Kind: kind, Size: size + int64(n)}
	e.asset.Duration = audioDuration(mime, head[:n], e.asset.Size)
	return e
}

// assetError says why an asset cannot be read, without its path (the
// error's position is the field that names it).
func assetError(err error) string {
	var nr *safefile.NotRegularError
	var tb *safefile.TooBigError
	switch {
	case errors.As(err, &nr):
		return nr.Reason()
	case errors.As(err, &tb) && tb.Grew:
		return fmt.Sprintf("grew past %d MB while reel read it; the largest asset reel uploads is %d MB", tb.Limit.Max>>20, tb.Limit.Max>>20)
	case errors.As(err, &tb):
		return fmt.Sprintf("is %d MB; the largest asset reel uploads is %d MB", tb.Size>>20, tb.Limit.Max>>20)
	}
	return "cannot read: " + unwrapPath(err).Error()
}

// sniff names a file's type from its first bytes. Extensions lie (an
// image.png that is really a text file), headers do not.
func sniff(b []byte) (MediaKind, string) {
	switch {
	case bytes.HasPrefix(b, []byte("\x89PNG\r\n\x1a\n")):
		return ImageMedia, "image/png"
	case bytes.HasPrefix(b, []byte("\xff\xd8\xff")):
		return ImageMedia, "image/jpeg"
	case len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WAVE":
		return AudioMedia, "audio/wav"
	case bytes.HasPrefix(b, []byte("ID3")), len(b) >= 2 && b[0] == 0xff && b[1]&0xe0 == 0xe0:
		return AudioMedia, "audio/mpeg"
	case len(b) >= 12 && string(b[4:8]) == "ftyp":
		if brand := string(b[8:12]); brand == "M4A " || brand == "M4B " {
			return AudioMedia, "audio/mp4"
		}
		return VideoMedia, "video/mp4"
	case bytes.HasPrefix(b, []byte("\x1a\x45\xdf\xa3")):
		return VideoMedia, "video/webm"
	case len(b) >= 12 && string(b[0:4]) == "RIFF" && string(b[8:12]) == "WEBP":
		return "", "a WebP image"
	case len(b) == 0:
		return "", "an empty file"
	case isText(b):
		return "", "a text file"
	}
	return "", "unknown binary data"
}

func isText(b []byte) bool {
	for _, c := range b {
		if c < 0x09 || (c > 0x0d && c < 0x20) {
			return false
		}
	}
	return true
}

func article(kind string) string {
	switch kind {
	case string(ImageMedia):
		return "an image"
	case string(AudioMedia):
		return "audio"
	}
	return "a " + kind
}

func kindWords(k MediaKind) string {
	switch k {
	case ImageMedia:
		return "an image (PNG or JPEG)"
	case AudioMedia:
		return "audio (WAV or MP3)"
	}
	return "a video (MP4 or WebM)"
}

package preview

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/internal/safefile"
)

// imageExts are the image types a draft shows, by their sniffed type,
// with the extension ffmpeg's image reader knows them by.
var imageExts = map[string]string{
	"image/png":  ".png",
	"image/jpeg": ".jpg",
	"image/gif":  ".gif",
	"image/webp": ".webp",
}

// copyAsset copies the local file at src into dir as name: read through
// safefile, so a FIFO, a device or a file past the asset cap planted in a
// checkout is refused instead of hanging or filling ffmpeg, and what
// ffmpeg reads cannot change under it. It returns the first bytes, for
// sniffing.
func copyAsset(src, dir, name string) (head []byte, err error) {
	in, _, err := safefile.Open(src, safefile.Asset)
	if err != nil {
		return nil, err
	}
	defer in.Close()
	out, err := os.OpenFile(filepath.Join(dir, name), os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return nil, err
	}
	sniff := &headBuffer{max: 512}
	r := io.TeeReader(safefile.LimitReader(in, src, safefile.Asset), sniff)
	if _, err := io.Copy(out, r); err != nil {
		out.Close()
		return nil, err
	}
	return sniff.buf, out.Close()
}

// copyImage copies a local image into dir under base plus the extension
// of its type, and returns the name it has there.
func copyImage(src, dir, base, where string) (string, error) {
	tmp := base + ".img"
	head, err := copyAsset(src, dir, tmp)
	if err != nil {
		return "", fmt.Errorf("%s%w", at(where), err)
	}
	ext, ok := imageExts[http.DetectContentType(head)]
	if !ok {
		return "", fmt.Errorf("%s%s is not a PNG, JPEG, GIF or WebP image: give a local image of one of those types", at(where), src)
	}
	if err := os.Rename(filepath.Join(dir, tmp), filepath.Join(dir, base+ext)); err != nil {
		return "", err
	}
	return base + ext, nil
}

// at is the prefix of an error about something at where: "where: ", or
// "reel: " when there is no place to name.
func at(where string) string {
	if where == "" {
		return "reel: "
	}
	return "reel: " + where + ": "
}

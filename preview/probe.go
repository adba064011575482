package preview

import (
	"context"
	"errors"
	"math"
	"strconv"
	"strings"
)

// Probe is what ffprobe says of a media file: how long it plays and which
// kinds of stream it holds, with the video's size.
type Probe struct {
	Seconds       float64
	Video, Audio  bool
	Width, Height int // of the first video stream
}

// Probe asks ffprobe about the media file at path.
func (t *Tools) Probe(ctx context.Context, path string) (Probe, error) {
	out, err := t.run(ctx, "reading "+path, "", t.FFprobe, "-v", "error",
		"-show_entries", "format=duration:stream=codec_type,width,height", "-of", "default=nw=1", "--", path)
	if err != nil {
		return Probe{}, err
	}
	return parseProbe(string(out))
}

// parseProbe reads ffprobe's key=value lines: a stream's codec_type,
// width and height, then the format's duration.
func parseProbe(out string) (Probe, error) {
	var p Probe
	seconds := math.NaN()
	for _, line := range strings.Split(out, "\n") {
		k, v, _ := strings.Cut(strings.TrimSpace(line), "=")
		switch k {
		case "codec_type":
			p.Video = p.Video || v == "video"
			p.Audio = p.Audio || v == "audio"
		case "width":
			if n, err := strconv.Atoi(v); err == nil && p.Width == 0 {
				p.Width = n
			}
		case "height":
			if n, err := strconv.Atoi(v); err == nil && p.Height == 0 {
				p.Height = n
			}
		case "duration":
			if f, err := strconv.ParseFloat(v, 64); err == nil {
				seconds = f
			}
		}
	}
	if math.IsNaN(seconds) || math.IsInf(seconds, 0) || seconds <= 0 {
		return p, errNoLength
	}
	p.Seconds = seconds
	return p, nil
}

var errNoLength = errors.New("ffprobe found no length in it")

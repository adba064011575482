package preview

import (
	"context"
	"os/exec"
	"strconv"
	"testing"
)

// frame is the draft's picture at secs, as grey levels, one byte a pixel.
func frame(t *testing.T, path string, secs float64, w, h int) []byte {
	t.Helper()
	out, err := exec.Command("ffmpeg", "-v", "error", "-ss", strconv.FormatFloat(secs, 'f', 2, 64), "-i", path,
		"-frames:v", "1", "-f", "rawvideo", "-pix_fmt", "gray", "-").Output()
	if err != nil || len(out) != w*h {
		t.Fatalf("frame at %.2fs of %s: %d bytes, %v", secs, path, len(out), err)
	}
	return out
}

// changedRows is the first and last row where two frames differ.
func changedRows(a, b []byte, w int) (top, bottom int) {
	top, bottom = -1, -1
	for i := range a {
		if d := int(a[i]) - int(b[i]); d > 40 || d < -40 {
			if top < 0 {
				top = i / w
			}
			bottom = i / w
		}
	}
	return top, bottom
}

// TestCaptionsBurnedIn: a draft with burned-in captions differs from the
// same draft without them only in the band where the provider puts
// captions: the bottom third of a landscape frame, and low in a portrait
// one, above the timeline.
func TestCaptionsBurnedIn(t *testing.T) {
	tl := tools(t)
	for _, c := range []struct {
		name   string
		w, h   int
		lowest float64 // the highest row captions may reach, as a share of the height
	}{
		{"16:9", 384, 216, 2.0 / 3},
		{"9:16", 216, 384, 0.75},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			d := Draft{Key: key('e'), Width: c.w, Height: c.h, Background: Background{Color: "#203040"},
				Scenes: []Scene{{Script: "Captions show what is said, a few words at a time."}}}
			plain, err := tl.Make(context.Background(), d, dir)
			if err != nil {
				t.Fatal(err)
			}
			d.Key, d.Captions = key('f'), BurnInCaptions
			captioned, err := tl.Make(context.Background(), d, dir)
			if err != nil {
				t.Fatal(err)
			}
			at := captioned.Seconds / 4
			top, bottom := changedRows(frame(t, plain.Path, at, c.w, c.h), frame(t, captioned.Path, at, c.w, c.h), c.w)
			if top < 0 {
				t.Fatalf("the captioned draft shows nothing the plain one does not at %.2fs", at)
			}
			if float64(top) < c.lowest*float64(c.h) || bottom >= c.h-timelineHeight(c.h) {
				t.Errorf("captions cover rows %d to %d of %d; want them within rows %.0f to %d",
					top, bottom, c.h, c.lowest*float64(c.h), c.h-timelineHeight(c.h))
			}
		})
	}
}

package preview

import (
	"bytes"
	"encoding/binary"
	"image"
	"image/color"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"testing"
)

// writeTone writes a 16 kHz mono PCM WAV of a tone lasting secs.
func writeTone(t *testing.T, path string, secs float64) {
	t.Helper()
	n := int(secs * 16000)
	var b bytes.Buffer
	le := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	le(uint32(36 + 2*n))
	b.WriteString("WAVEfmt ")
	le(uint32(16))
	le(uint16(1))
	le(uint16(1))
	le(uint32(16000))
	le(uint32(32000))
	le(uint16(2))
	le(uint16(16))
	b.WriteString("data")
	le(uint32(2 * n))
	for i := range n {
		le(int16(8000 * math.Sin(2*math.Pi*440*float64(i)/16000)))
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// writePNG writes a w×h image: a light disc (a face, say) on a colour.
func writePNG(t *testing.T, path string, w, h int, bg color.RGBA) {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			dx, dy := float64(x-w/2), float64(y-h/3)
			c := bg
			if dx*dx+dy*dy < float64(w*w)/16 {
				c = color.RGBA{230, 190, 150, 255}
			}
			img.SetRGBA(x, y, c)
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
}

// assets makes the media a draft test plays: a 1.2 s tone, a portrait and
// a backdrop.
func assets(t *testing.T) (tone, portrait, backdrop string) {
	dir := t.TempDir()
	tone, portrait, backdrop = filepath.Join(dir, "tone.wav"), filepath.Join(dir, "portrait.png"), filepath.Join(dir, "backdrop.png")
	writeTone(t, tone, 1.2)
	writePNG(t, portrait, 160, 200, color.RGBA{100, 150, 200, 255})
	writePNG(t, backdrop, 320, 180, color.RGBA{200, 120, 60, 255})
	return tone, portrait, backdrop
}

// key is a render key made of one hex digit repeated.
func key(digit byte) string { return string(bytes.Repeat([]byte{digit}, 64)) }

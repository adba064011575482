// Command mkmedia writes the small media fixtures used by reel's examples.
//
// The examples under examples/ point at real image and audio files rather
// than placeholders, because reel sniffs file headers (PNG signature, RIFF/WAVE
// fmt chunk) to work out media types, dimensions and durations before it
// uploads anything. This generator makes those files from code alone, with the
// standard library, so that the committed bytes are reproducible:
//
//	go run ./internal/mkmedia -out examples/assets
//
// It writes:
//
//	portrait.png  256x320 stylised head-and-shoulders portrait
//	backdrop.png  320x180 vertical gradient background
//	pricing.wav   1.5 s, 16 kHz mono 16-bit PCM, soft 440 Hz tone
//	intro.wav     0.8 s, same format, 660 Hz tone
//
// Running it twice produces identical bytes.
package main

import (
	"bytes"
	"encoding/binary"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"os"
	"path/filepath"
)

// SampleRate is the sample rate of the generated WAV files, in Hz.
const SampleRate = 16000

// Fixture is one generated file.
type Fixture struct {
	Name string
	Data func() ([]byte, error)
}

// Fixtures lists every file the generator writes.
var Fixtures = []Fixture{
	{"portrait.png", func() ([]byte, error) { return encodePNG(portrait()) }},
	{"backdrop.png", func() ([]byte, error) { return encodePNG(backdrop()) }},
	{"pricing.wav", func() ([]byte, error) { return tone(440, 1.5), nil }},
	{"intro.wav", func() ([]byte, error) { return tone(660, 0.8), nil }},
}

func main() {
	out := flag.String("out", "examples/assets", "directory to write the fixtures into")
	flag.Parse()
	if err := Generate(*out); err != nil {
		fmt.Fprintln(os.Stderr, "mkmedia:", err)
		os.Exit(1)
	}
}

// Generate writes every fixture into dir, creating it if needed.
func Generate(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for _, f := range Fixtures {
		b, err := f.Data()
		if err != nil {
			return fmt.Errorf("%s: %w", f.Name, err)
		}
		if err := os.WriteFile(filepath.Join(dir, f.Name), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

func encodePNG(img image.Image) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(&buf, img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// ellipse is an alpha mask that is opaque inside the axis-aligned ellipse
// inscribed in r.
type ellipse struct{ r image.Rectangle }

func (e ellipse) ColorModel() color.Model { return color.AlphaModel }
func (e ellipse) Bounds() image.Rectangle { return e.r }
func (e ellipse) At(x, y int) color.Color {
	cx := float64(e.r.Min.X+e.r.Max.X) / 2
	cy := float64(e.r.Min.Y+e.r.Max.Y) / 2
	rx := float64(e.r.Dx()) / 2
	ry := float64(e.r.Dy()) / 2
	dx := (float64(x) + 0.5 - cx) / rx
	dy := (float64(y) + 0.5 - cy) / ry
	if dx*dx+dy*dy <= 1 {
		return color.Opaque
	}
	return color.Transparent
}

func fillRect(dst draw.Image, r image.Rectangle, c color.Color) {
	draw.Draw(dst, r, image.NewUniform(c), image.Point{}, draw.Src)
}

func fillOval(dst draw.Image, r image.Rectangle, c color.Color) {
	draw.DrawMask(dst, r, image.NewUniform(c), image.Point{}, ellipse{r}, r.Min, draw.Over)
}

// portrait draws a flat, stylised head-and-shoulders figure.
func portrait() image.Image {
	var (
		bg    = color.RGBA{0x6c, 0x9b, 0xc9, 0xff}
		shirt = color.RGBA{0x2f, 0x4a, 0x6d, 0xff}
		skin  = color.RGBA{0xe8, 0xb9, 0x94, 0xff}
		hair  = color.RGBA{0x4a, 0x32, 0x24, 0xff}
		white = color.RGBA{0xff, 0xff, 0xff, 0xff}
		dark  = color.RGBA{0x22, 0x22, 0x2a, 0xff}
		lips  = color.RGBA{0xb5, 0x4a, 0x4a, 0xff}
	)
	img := image.NewRGBA(image.Rect(0, 0, 256, 320))
	fillRect(img, img.Bounds(), bg)

	// Shoulders: a wide oval cut off by the bottom edge, plus the neck.
	fillOval(img, image.Rect(18, 236, 238, 420), shirt)
	fillRect(img, image.Rect(106, 190, 150, 250), skin)
	fillOval(img, image.Rect(106, 232, 150, 262), skin)

	// Hair behind the face, then the face and ears.
	fillOval(img, image.Rect(66, 44, 190, 190), hair)
	fillOval(img, image.Rect(64, 118, 84, 152), skin)
	fillOval(img, image.Rect(172, 118, 192, 152), skin)
	fillOval(img, image.Rect(76, 66, 180, 222), skin)
	fillOval(img, image.Rect(74, 52, 182, 108), hair)

	// Eyes.
	for _, x := range []int{100, 136} {
		fillOval(img, image.Rect(x, 124, x+22, 138), white)
		fillOval(img, image.Rect(x+6, 124, x+16, 138), dark)
		fillRect(img, image.Rect(x-2, 112, x+24, 116), hair)
	}
	// Nose and mouth.
	fillRect(img, image.Rect(126, 142, 130, 166), color.RGBA{0xd4, 0xa2, 0x7e, 0xff})
	fillOval(img, image.Rect(108, 176, 148, 194), lips)
	fillRect(img, image.Rect(108, 176, 148, 184), skin)
	return img
}

// backdrop draws a vertical gradient from deep blue to warm orange.
func backdrop() image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 320, 180))
	top := [3]float64{0x1d, 0x2b, 0x53}
	bot := [3]float64{0xf2, 0x9e, 0x4c}
	for y := 0; y < 180; y++ {
		t := float64(y) / 179
		var c color.RGBA
		c.R = uint8(math.Round(top[0] + (bot[0]-top[0])*t))
		c.G = uint8(math.Round(top[1] + (bot[1]-top[1])*t))
		c.B = uint8(math.Round(top[2] + (bot[2]-top[2])*t))
		c.A = 0xff
		fillRect(img, image.Rect(0, y, 320, y+1), c)
	}
	return img
}

// tone returns a 16-bit mono PCM WAV of a sine at freq Hz lasting seconds,
// at a moderate level with 100 ms linear fades at both ends.
func tone(freq, seconds float64) []byte {
	n := int(math.Round(seconds * SampleRate))
	fade := SampleRate / 10
	pcm := make([]byte, 2*n)
	for i := 0; i < n; i++ {
		g := 1.0
		if i < fade {
			g = float64(i) / float64(fade)
		}
		if r := n - 1 - i; r < fade {
			g = math.Min(g, float64(r)/float64(fade))
		}
		v := 0.3 * g * math.Sin(2*math.Pi*freq*float64(i)/SampleRate)
		binary.LittleEndian.PutUint16(pcm[2*i:], uint16(int16(math.Round(v*32767))))
	}
	return wav(pcm, SampleRate, 1, 16)
}

// wav wraps little-endian PCM samples in a canonical 44-byte RIFF/WAVE header.
func wav(pcm []byte, rate, channels, bits int) []byte {
	blockAlign := channels * bits / 8
	var b bytes.Buffer
	w := func(v any) { binary.Write(&b, binary.LittleEndian, v) }
	b.WriteString("RIFF")
	w(uint32(36 + len(pcm)))
	b.WriteString("WAVEfmt ")
	w(uint32(16))
	w(uint16(1)) // PCM
	w(uint16(channels))
	w(uint32(rate))
	w(uint32(rate * blockAlign))
	w(uint16(blockAlign))
	w(uint16(bits))
	b.WriteString("data")
	w(uint32(len(pcm)))
	b.Write(pcm)
	return b.Bytes()
}

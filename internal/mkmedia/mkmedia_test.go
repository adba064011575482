package main

import (
	"bytes"
	"encoding/binary"
	"image/png"
	"os"
	"path/filepath"
	"testing"
)

func TestGenerate(t *testing.T) {
	a, b := t.TempDir(), t.TempDir()
	if err := Generate(a); err != nil {
		t.Fatal(err)
	}
	if err := Generate(b); err != nil {
		t.Fatal(err)
	}
	read := func(dir, name string) []byte {
		t.Helper()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		return data
	}

	for _, f := range Fixtures {
		if !bytes.Equal(read(a, f.Name), read(b, f.Name)) {
			t.Errorf("%s: two runs produced different bytes", f.Name)
		}
	}

	for name, size := range map[string][2]int{"portrait.png": {256, 320}, "backdrop.png": {320, 180}} {
		cfg, err := png.DecodeConfig(bytes.NewReader(read(a, name)))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if cfg.Width != size[0] || cfg.Height != size[1] {
			t.Errorf("%s: got %dx%d, want %dx%d", name, cfg.Width, cfg.Height, size[0], size[1])
		}
		if _, err := png.Decode(bytes.NewReader(read(a, name))); err != nil {
			t.Errorf("%s: decode: %v", name, err)
		}
	}

	for name, ms := range map[string]int{"pricing.wav": 1500, "intro.wav": 800} {
		data := read(a, name)
		if len(data) < 44 || string(data[0:4]) != "RIFF" || string(data[8:16]) != "WAVEfmt " || string(data[36:40]) != "data" {
			t.Fatalf("%s: not a canonical RIFF/WAVE file", name)
		}
		le := binary.LittleEndian
		format, channels := le.Uint16(data[20:]), le.Uint16(data[22:])
		rate, byteRate := le.Uint32(data[24:]), le.Uint32(data[28:])
		bits, dataLen := le.Uint16(data[34:]), le.Uint32(data[40:])
		if format != 1 || channels != 1 || rate != 16000 || bits != 16 || byteRate != 32000 {
			t.Errorf("%s: format=%d channels=%d rate=%d bits=%d byteRate=%d, want PCM 1ch 16000 Hz 16-bit", name, format, channels, rate, bits, byteRate)
		}
		if int(dataLen) != len(data)-44 || le.Uint32(data[4:]) != uint32(len(data)-8) {
			t.Errorf("%s: chunk sizes disagree with file length %d", name, len(data))
		}
		if got := int(dataLen) * 1000 / int(byteRate); got != ms {
			t.Errorf("%s: duration %d ms, want %d ms", name, got, ms)
		}
	}
}

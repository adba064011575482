package manifest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"
)

// GenerateProject writes a project of n manifests of three shapes (a
// three-scene explainer, a portrait short with a variant, a one-scene clip)
// into dir, all sharing two asset files.
func GenerateProject(tb testing.TB, dir string, n int) {
	tb.Helper()
	must := func(err error) {
		if err != nil {
			tb.Fatal(err)
		}
	}
	write := func(name, content string) {
		path := filepath.Join(dir, name)
		must(os.MkdirAll(filepath.Dir(path), 0o755))
		must(os.WriteFile(path, []byte(content), 0o644))
	}
	write(ProjectFile, "version: 1\nprovider: heygen\ndefaults:\n  voice: {id: 1bd001e7e50f421d891986aad5158bc8, speed: 1.0}\n  dimension: {aspect: \"16:9\", resolution: 1080p}\n")
	write("assets/anna.png", portrait)
	write("assets/line.wav", "RIFF\x24\x00\x00\x00WAVEfmt ")
	for i := range n {
		var body string
		switch i % 3 {
		case 0:
			body = fmt.Sprintf(`# yaml-language-server: $schema=../../schema/video.schema.json
title: Explainer %d
avatar: {id: Angela-inTshirt-20220820}
background: {color: "#0A2540"}
captions: sidecar
scenes:
  - script: Hi, I'm Angela. This is explainer number %d, about invoices.
  - audio: ../../assets/line.wav
  - script: Send it with one click, and Acme reminds your customer until it is paid.
    voice: {speed: 1.1}
`, i, i)
		case 1:
			body = fmt.Sprintf(`title: Short %d
avatar: {image: ../../assets/anna.png, fit: cover}
style: {talking_style: expressive}
dimension: {aspect: "9:16", resolution: 1080p}
scenes:
  - script: Short number %d is here. Faster invoices, happier customers.
    motion: raises both hands, beaming
variants:
  es:
    voice: {id: 2d5b0e6cf36f460aa7fc47e3eee4ba54}
    scenes: [{script: "Llega el corto %d."}]
`, i, i, i)
		default:
			body = fmt.Sprintf("title: Clip %d\navatar: {id: Angela-inTshirt-20220820}\nscenes: [{script: Clip %d.}]\n", i, i)
		}
		write(fmt.Sprintf("videos/batch%03d/video%05d.yaml", i/100, i), body)
	}
}

// BenchmarkValidate10k measures `reel validate` on 10,000 manifests: list,
// read, parse, merge defaults and variants, validate against the schema,
// check and hash assets, build requests and keys.
func BenchmarkValidate10k(b *testing.B) {
	dir := b.TempDir()
	GenerateProject(b, dir, 10_000)
	p, err := LoadProject(dir)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		set, err := Load(p, Options{Providers: TestProviders})
		if err != nil {
			b.Fatal(err)
		}
		if len(set.Errors) > 0 || len(set.Videos) != 13_333 {
			b.Fatalf("%d videos, errors: %v", len(set.Videos), set.Errors[:min(3, len(set.Errors))])
		}
	}
}

package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/schema"
)

const scaffoldProject = `# yaml-language-server: $schema=.reel/schema/project.schema.json
version: 1
provider: heygen          # heygen | fal | pixeldojo
sandbox: true             # free, local fakes of the provider; false (or --sandbox=false) renders for real
output_dir: out
include: ["videos/**/*.yaml", "videos/**/*.yml"]
defaults:                 # merged under every video; the video wins
  voice: {id: 1bd001e7e50f421d891986aad5158bc8, speed: 1.0}
  dimension: {aspect: "16:9", resolution: 720p}
budget: {max_usd: 10}     # a run estimated above this is refused
providers:
  heygen: {api: v3}       # v3 | v2 | av4
`

const scaffoldVideo = `# yaml-language-server: $schema=../.reel/schema/video.schema.json
title: Hello from reel
avatar: {id: Angela-inTshirt-20220820}
background: {color: "#0A2540"}
captions: sidecar
scenes:
  - script: Hi! This video was made with reel, make for avatar videos.
  - script: Edit this file, run reel plan to see what changes, and reel render to make it.
`

// gitignoreLines keep rendered outputs out of git: the lock records them.
const gitignoreLines = "# reel: rendered videos (reel.lock records what they are), and reel's cache\n/out/\n/.reel/cache/\n"

// gitattributesLines let two branches that each add a video at the same
// place in reel.lock merge: git keeps both blocks, and reel reads them.
const gitattributesLines = "# reel: merge additions to reel.lock from both branches\nreel.lock merge=union\n"

// Scaffold starts a project in dir. It never overwrites a file; it returns
// what it wrote, and an error naming any file it left alone.
func Scaffold(dir string) ([]string, error) {
	files := []struct{ name, body string }{
		{ProjectFile, scaffoldProject},
		{filepath.Join("videos", "hello.yaml"), scaffoldVideo},
	}
	for _, name := range []string{schema.Video, schema.Project} {
		src, _ := schema.Source(name)
		files = append(files, struct{ name, body string }{filepath.Join(".reel", "schema", schema.File(name)), string(src)})
	}
	var written []string
	var kept []string
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		ok, err := writeNew(path, f.body)
		if err != nil {
			return written, err
		}
		if ok {
			written = append(written, path)
		} else {
			kept = append(kept, path)
		}
	}
	for _, f := range []struct{ name, lines, marker string }{
		{".gitignore", gitignoreLines, "/out/"},
		{".gitattributes", gitattributesLines, "reel.lock"},
	} {
		path := filepath.Join(dir, f.name)
		if added, err := appendMissing(path, f.lines, f.marker); err != nil {
			return written, err
		} else if added {
			written = append(written, path)
		}
	}
	if len(kept) > 0 {
		return written, fmt.Errorf("left existing files as they are: %v", kept)
	}
	return written, nil
}

func writeNew(path, body string) (bool, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return false, err
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if errors.Is(err, fs.ErrExist) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	if _, err := f.WriteString(body); err != nil {
		f.Close()
		return false, err
	}
	return true, f.Close()
}

// appendMissing adds lines to a file unless it holds marker already.
func appendMissing(path, lines, marker string) (bool, error) {
	old, err := safefile.Read(path, safefile.Text)
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return false, err
	}
	if bytes.Contains(old, []byte(marker)) {
		return false, nil
	}
	if len(old) > 0 && !bytes.HasSuffix(old, []byte("\n")) {
		lines = "\n" + lines
	}
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o644)
	if err != nil {
		return false, err
	}
	if _, err := f.WriteString(lines); err != nil {
		f.Close()
		return false, err
	}
	return true, f.Close()
}

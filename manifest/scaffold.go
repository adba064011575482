package manifest

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/internal/atomicfile"
	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/schema"
)

const scaffoldProject = `# yaml-language-server: $schema=.reel/schema/project.schema.json
version: 1
provider: heygen          # heygen | fal | pixeldojo | gmi
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

// gitignoreLines keep rendered outputs out of git (the lock records
// them), and what reel makes for this machine alone: its cache, drafts,
// review page and test renders.
const gitignoreLines = "# reel: rendered videos (reel.lock records what they are), reel's cache, drafts, review page and test renders\n/out/\n/.reel/cache/\n/.reel/drafts/\n/.reel/review/\n/.reel/tests/\n"

// gitattributesLines let two branches that each add a video at the same
// place in reel.lock merge: git keeps both blocks, and reel reads them.
const gitattributesLines = "# reel: merge additions to reel.lock from both branches\nreel.lock merge=union\n"

// ExistsError is a folder that is a reel project already: Scaffold wrote
// nothing into it.
type ExistsError struct{ File string } // its reel.yaml

func (e *ExistsError) Error() string { return e.File + " exists" }

// Scaffolded is what Scaffold did: the files it wrote (or added lines to)
// and those it left as they were.
type Scaffolded struct{ Written, Kept []string }

// Scaffold starts a project in dir. In a project (dir holds reel.yaml) it
// writes nothing and returns an *ExistsError: an example manifest, schemas
// or .gitignore lines added to a project that has its own are not what
// its owner asked for. Elsewhere it writes every file that is missing and
// keeps every one there, never overwriting.
func Scaffold(dir string) (Scaffolded, error) {
	var done Scaffolded
	project := filepath.Join(dir, ProjectFile)
	if _, err := os.Lstat(project); err == nil {
		return done, &ExistsError{project}
	}
	files := append([]scaffoldFile{
		{ProjectFile, scaffoldProject},
		{filepath.Join("videos", "hello.yaml"), scaffoldVideo},
	}, schemaFiles()...)
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		ok, err := writeNew(path, f.body)
		if err != nil {
			return done, err
		}
		if ok {
			done.Written = append(done.Written, path)
		} else {
			done.Kept = append(done.Kept, path)
		}
	}
	for _, f := range []struct{ name, lines, marker string }{
		{".gitignore", gitignoreLines, "/out/"},
		{".gitattributes", gitattributesLines, "reel.lock"},
	} {
		path := filepath.Join(dir, f.name)
		if added, err := appendMissing(path, f.lines, f.marker); err != nil {
			return done, err
		} else if added {
			done.Written = append(done.Written, path)
		}
	}
	return done, nil
}

// scaffoldFile is a file Scaffold writes: its path below the project and
// its content.
type scaffoldFile struct{ name, body string }

// SchemaDir is where a project keeps the schemas its manifests' first
// lines point editors at.
var SchemaDir = filepath.Join(".reel", "schema")

// schemaFiles are the embedded schemas as files of SchemaDir.
func schemaFiles() []scaffoldFile {
	var files []scaffoldFile
	for _, name := range []string{schema.Video, schema.Project} {
		src, _ := schema.Source(name)
		files = append(files, scaffoldFile{filepath.Join(SchemaDir, schema.File(name)), string(src)})
	}
	return files
}

// WriteSchemas writes this reel's schemas into the SchemaDir of the
// project at root, replacing older ones (after an upgrade, so that editors
// check manifests as this reel does). It returns the files it wrote and
// those already up to date, relative to root. A SchemaDir that is a
// symlink or not a folder is refused: a branch may have planted one to
// have reel write elsewhere.
func WriteSchemas(root string) (written, same []string, err error) {
	dir := root
	for _, part := range strings.Split(SchemaDir, string(filepath.Separator)) {
		dir = filepath.Join(dir, part)
		st, err := os.Lstat(dir)
		if errors.Is(err, fs.ErrNotExist) {
			if err := os.Mkdir(dir, 0o755); err != nil {
				return written, same, err
			}
			continue
		}
		if err != nil {
			return written, same, err
		}
		if st.Mode()&fs.ModeSymlink != 0 {
			return written, same, fmt.Errorf("%s is a symlink: reel writes schemas into a folder of the project only; remove it, then run again", dir)
		}
		if !st.IsDir() {
			return written, same, fmt.Errorf("%s is not a folder: remove it, then run again", dir)
		}
	}
	for _, f := range schemaFiles() {
		path := filepath.Join(root, f.name)
		old, _ := safefile.Read(path, safefile.Text)
		if string(old) == f.body {
			same = append(same, f.name)
			continue
		}
		if err := replaceFile(path, f.body); err != nil {
			return written, same, err
		}
		written = append(written, f.name)
	}
	return written, same, nil
}

// replaceFile writes body to path whole (atomicfile): an editor never
// reads half a schema.
func replaceFile(path, body string) error {
	return atomicfile.WriteFile(path, []byte(body), atomicfile.Options{Perm: 0o644})
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

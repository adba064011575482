package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/schema"
)

// details is the longer help of the commands that need it.
var details = map[string]string{
	"validate": `Validates every manifest the include globs of reel.yaml match (or only
the given files, folders or video ids) against the schema, checks local
assets and what the provider can render, and prints every error as
file:line:col: field: message. Exit 0 when all is valid, 1 otherwise.
--json prints {"valid", "videos", "manifests", "errors"} (reel schema validate).
REEL_DEBUG=key prints the labelled inputs of each video's render key.
`,
	"schema": `Prints a JSON Schema (draft 2020-12): the video manifest's (default), the
project file's (reel schema project) or a locale's translation file's (reel
schema translation), for editors; point one at it with a first line such as:
  # yaml-language-server: $schema=../.reel/schema/video.schema.json
reel schema --write writes both into the project's .reel/schema/, where
reel init put them: run it after upgrading reel.
or the format of a --json output, for tools: events (render and watch, one
event per line), plan, validate, status, voices, avatars.
`,
	"init": `Creates reel.yaml, videos/hello.yaml, the schemas under .reel/schema/ for
editors, and .gitignore lines for the outputs, in dir (default: here).
Existing files are never overwritten. The project starts in the sandbox
(sandbox: true in reel.yaml): free and local; set it to false to render for real.
In a project (dir has a reel.yaml) it writes nothing; reel schema --write
refreshes the schemas there.
`,
}

func runSchema(e *env, args []string) int {
	fs := e.flags("schema")
	write := fs.Bool("write", false, "write both schemas into the project's "+manifest.SchemaDir+", replacing older ones (after an upgrade)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	if *write {
		if len(pos) > 0 {
			return e.usage("schema --write writes both schemas; give no name")
		}
		return e.writeSchemas()
	}
	name := schema.Video
	if len(pos) > 1 {
		return e.usage("schema takes one name: %s", english.Or(schema.Names()))
	}
	if len(pos) == 1 {
		name = pos[0]
	}
	src, ok := schema.Source(name)
	if !ok {
		return e.usage("%v", oneOf("schema", name, schema.Names()...))
	}
	e.stdout.Write(src)
	return exitOK
}

// writeSchemas is reel schema --write.
func (e *env) writeSchemas() int {
	root, err := manifest.Find(".")
	if err != nil {
		return e.fail(err)
	}
	written, same, err := manifest.WriteSchemas(root)
	for _, w := range written {
		fmt.Fprintf(e.stdout, "wrote %s\n", filepath.ToSlash(w))
	}
	for _, s := range same {
		fmt.Fprintf(e.stdout, "up to date: %s\n", filepath.ToSlash(s))
	}
	if err != nil {
		return e.fail(err)
	}
	return exitOK
}

func runInit(e *env, args []string) int {
	fs := e.flags("init")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	if len(pos) > 1 {
		return e.usage("init takes one folder")
	}
	dir := "."
	if len(pos) == 1 {
		dir = pos[0]
	}
	done, err := manifest.Scaffold(dir)
	var exists *manifest.ExistsError
	if errors.As(err, &exists) {
		fmt.Fprintf(e.stdout, "%s is a reel project already (%s): nothing written.\nTo refresh the schemas in %s after an upgrade, run reel schema --write.\n", dir, exists.File, manifest.SchemaDir)
		return exitOK
	}
	for _, w := range done.Written {
		fmt.Fprintf(e.stdout, "wrote %s\n", w)
	}
	for _, k := range done.Kept {
		fmt.Fprintf(e.stdout, "kept %s: it exists\n", k)
	}
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "next: edit %s, then run `reel validate`\n", filepath.Join(dir, "videos", "hello.yaml"))
	return exitOK
}

func runValidate(e *env, args []string) int {
	fs := e.flags("validate")
	asJSON := fs.Bool("json", false, "print the result as one JSON document (reel schema validate)")
	e.formatFlag(fs)
	pos, err := e.parse(fs, args)
	if err == nil {
		err = e.formatConflict(*asJSON)
	}
	if err != nil {
		return e.usage("%v", err)
	}
	if *asJSON {
		e.jsonMode("validate")
	}
	set, code := e.load(pos)
	if set != nil && os.Getenv("REEL_DEBUG") == "key" {
		for _, v := range set.Videos {
			manifest.DebugKey(e.stderr, v)
		}
	}
	if e.ciValidated(set) {
		return code
	}
	if *asJSON {
		return e.validated(set, code)
	}
	if code != exitOK {
		return code
	}
	fmt.Fprintf(e.stdout, "ok: %s in %s\n", english.Count(len(set.Videos), "video"), english.Count(set.Files, "manifest"))
	return exitOK
}

// validated prints reel validate --json's document: whether all is valid,
// what was read, and every error (those printed on stderr too).
func (e *env) validated(set *manifest.Set, code int) int {
	doc := struct {
		Valid     bool             `json:"valid"`
		Videos    *int             `json:"videos,omitempty"`
		Manifests *int             `json:"manifests,omitempty"`
		Errors    []render.Problem `json:"errors"`
	}{Valid: code == exitOK, Errors: e.json.recorded()}
	if set != nil {
		videos := len(set.Videos)
		doc.Videos, doc.Manifests = &videos, &set.Files
	}
	if err := e.json.document(doc); err != nil {
		return e.fail(err)
	}
	return code
}

// load finds the project and loads the manifests named by args (all when
// none), printing every error. The set is nil when nothing could be loaded.
func (e *env) load(args []string) (*manifest.Set, int) {
	set, err := e.planning().Load(e.selection(args))
	if err != nil {
		e.printErrors(err)
		return set, exitError
	}
	return set, exitOK
}

// planning is the planner of the project reel runs in, as the global
// flags ask, tuning the collector as it goes (gcFor).
func (e *env) planning() *planner.Planner {
	return planner.New(e.dir, planner.Options{Provider: e.provider, Sandbox: e.sandbox, GC: gcFor, Measured: measuredDrafts, Test: e.test})
}

// selection is what args select (nil when none: the whole project).
func (e *env) selection(args []string) planner.Selection {
	if len(args) == 0 {
		return nil
	}
	return newSelection(e.dir, args)
}

func (e *env) printErrors(err error) {
	e.json.problem(err)
	if e.ciErrors(err) {
		return
	}
	errs, ok := err.(manifest.Errors)
	if !ok {
		fmt.Fprintf(e.stderr, "reel: %v\n", err)
		return
	}
	files := map[string]bool{}
	for _, x := range errs {
		fmt.Fprintln(e.stderr, x.Format(e.dir))
		files[x.Pos.File] = true
	}
	fmt.Fprintf(e.stderr, "reel: %s in %s\n", english.Count(len(errs), "error"), english.Count(len(files), "file"))
}

// selector turns command-line paths and ids into a manifest filter, and a
// check that reports the arguments nothing matched (see selection).
func selector(dir string, args []string) (func(manifest.ManifestFile) bool, func() []string, error) {
	if len(args) == 0 {
		return nil, func() []string { return nil }, nil
	}
	s := newSelection(dir, args)
	return s.File, s.missing, nil
}

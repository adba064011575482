package main

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime/debug"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
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
	"schema": `Prints a JSON Schema (draft 2020-12): the video manifest's (default) or the
project file's (reel schema project), for editors; point one at it with a
first line such as:
  # yaml-language-server: $schema=../.reel/schema/video.schema.json
or the format of a --json output, for tools: events (render and watch, one
event per line), plan, validate, status, voices, avatars.
`,
	"init": `Creates reel.yaml, videos/hello.yaml, the schemas under .reel/schema/ for
editors, and .gitignore lines for the outputs, in dir (default: here).
Existing files are never overwritten.
`,
}

func runVersion(e *env, args []string) int {
	v := "devel"
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		v = bi.Main.Version
	}
	fmt.Fprintf(e.stdout, "reel %s\n", v)
	return exitOK
}

func runSchema(e *env, args []string) int {
	fs := e.flags("schema")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	name, names := schema.Video, schemaNames()
	if len(pos) > 1 {
		return e.usage("schema takes one name: %s", names)
	}
	if len(pos) == 1 {
		name = pos[0]
	}
	src, ok := schema.Source(name)
	if !ok {
		return e.usage("unknown schema %q: use %s", name, names)
	}
	e.stdout.Write(src)
	return exitOK
}

// schemaNames lists the schemas reel schema prints: "video, project, … or avatars".
func schemaNames() string {
	names := schema.Names()
	return strings.Join(names[:len(names)-1], ", ") + " or " + names[len(names)-1]
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
	written, err := manifest.Scaffold(dir)
	for _, w := range written {
		fmt.Fprintf(e.stdout, "wrote %s\n", w)
	}
	if err != nil {
		return e.fail(err)
	}
	fmt.Fprintf(e.stdout, "next: edit %s, then run `reel validate`\n", filepath.Join(dir, "videos", "hello.yaml"))
	return exitOK
}

func runValidate(e *env, args []string) int {
	fs := e.flags("validate")
	asJSON := fs.Bool("json", false, "")
	pos, err := e.parse(fs, args)
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
	if *asJSON {
		return e.validated(set, code)
	}
	if code != exitOK {
		return code
	}
	fmt.Fprintf(e.stdout, "ok: %d %s in %d %s\n", len(set.Videos), plural(len(set.Videos), "video"), set.Files, plural(set.Files, "manifest"))
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
	root, err := manifest.Find(".")
	if err != nil {
		return nil, e.fail(err)
	}
	p, err := manifest.LoadProject(root)
	if err != nil {
		e.printErrors(err)
		return nil, exitError
	}
	only, check, err := selector(e.dir, args)
	if err != nil {
		return nil, e.fail(err)
	}
	restore := gcForLoading()
	set, err := manifest.Load(p, manifest.Options{Provider: e.provider, Only: only})
	restore()
	if err != nil {
		return nil, e.fail(err)
	}
	if miss := check(); len(miss) > 0 {
		return nil, e.fail(fmt.Errorf("no manifest matches %s: give a manifest file, a folder of them or a video id (see include in reel.yaml)", strings.Join(miss, ", ")))
	}
	if len(set.Errors) > 0 {
		e.printErrors(set.Errors)
		return set, exitError
	}
	return set, exitOK
}

func (e *env) printErrors(err error) {
	e.json.problem(err)
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
	fmt.Fprintf(e.stderr, "reel: %d %s in %d %s\n", len(errs), plural(len(errs), "error"), len(files), plural(len(files), "file"))
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// selector turns command-line paths and ids into a manifest filter, and a
// check that reports the arguments nothing matched.
func selector(dir string, args []string) (func(manifest.ManifestFile) bool, func() []string, error) {
	if len(args) == 0 {
		return nil, func() []string { return nil }, nil
	}
	type arg struct {
		text, abs string
		hit       bool
	}
	sel := make([]*arg, len(args))
	for i, a := range args {
		sel[i] = &arg{text: a, abs: filepath.Join(dir, a)}
	}
	only := func(f manifest.ManifestFile) bool {
		match := false
		for _, a := range sel {
			base, _, _ := strings.Cut(a.text, "@")
			if f.Path == a.abs || strings.HasPrefix(f.Path, a.abs+string(filepath.Separator)) || f.ID == base {
				a.hit, match = true, true
			}
		}
		return match
	}
	check := func() []string {
		var miss []string
		for _, a := range sel {
			if !a.hit {
				miss = append(miss, fmt.Sprintf("%q", a.text))
			}
		}
		return miss
	}
	return only, check, nil
}

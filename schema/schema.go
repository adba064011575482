// Package schema holds reel's JSON Schemas (draft 2020-12) for reel.yaml and
// for video manifests, embedded in the binary, and turns the validator's
// nested error tree into flat violations a person can act on.
//
// The schemas are the truth about the manifest language: editors complete
// and check fields from them (through the yaml-language-server comment),
// and reel validates every file against them before anything else.
package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/reel-dev/reel/internal/jsonschema"
)

//go:embed video.schema.json
var videoJSON []byte

//go:embed project.schema.json
var projectJSON []byte

//go:embed translation.schema.json
var translationJSON []byte

// Names of the embedded schema files, as `reel schema [name]` knows them.
const (
	Video   = "video"
	Project = "project"
	// Translation is a locale's translation file, for editors (reel
	// checks those files itself, with their positions).
	Translation = "translation"
)

// Source returns the schema document by name (Video, Project or one of
// Outputs).
func Source(name string) ([]byte, bool) {
	switch name {
	case Video:
		return videoJSON, true
	case Project:
		return projectJSON, true
	case Translation:
		return translationJSON, true
	}
	return output(name)
}

// File returns the file name a schema is written under ("video.schema.json").
func File(name string) string { return name + ".schema.json" }

// base is the URL the schemas are compiled under. Neither file has an $id,
// so the project schema's relative $ref to video.schema.json resolves both
// here and in an editor that loads the files from disk side by side.
//
// It is under json-schema.org because the library checks every schema it
// compiles against the draft's metaschema, except those under that host
// (the metaschemas themselves), and that check is half of the compile,
// paid by every run that validates a manifest, for schemas that are part
// of the binary. TestSchemasPassTheMetaschema compiles them with the
// check. Nothing is fetched: both are added as resources, and the
// compiler has no loader for URLs.
const base = "https://json-schema.org/reel/"

type compiled struct {
	video, project *jsonschema.Schema
	reasons        reasons
}

// The schemas are compiled on first use, each once: a plan that re-reads
// one edited manifest validates it against the video schema only, and the
// project schema was a third of the compile. Both share one compiler, so
// whichever compiles second reuses what the first compiled of the other.
var (
	shared = struct {
		mu       sync.Mutex // the compiler is not safe for concurrent use
		compiler *jsonschema.Compiler
		docs     map[string]any // documents added to the compiler, by name
	}{compiler: newCompiler(), docs: map[string]any{}}
	videoSchema, projectSchema lazy
)

// refers lists the documents a schema refers to besides itself.
var refers = map[string][]string{Project: {Video}}

// lazy is one schema, compiled on first use, with the reasons of the
// documents it uses: its own, never written once made, so that
// validations read it while another schema compiles.
type lazy struct {
	once    sync.Once
	sch     *jsonschema.Schema
	reasons reasons
	err     error
}

// get compiles the named schema on first use, adding the documents it
// needs to the shared compiler.
func (l *lazy) get(name string) (*jsonschema.Schema, reasons, error) {
	l.once.Do(func() {
		shared.mu.Lock()
		defer shared.mu.Unlock()
		l.reasons = reasons{}
		for _, doc := range append([]string{name}, refers[name]...) {
			v, ok := shared.docs[doc]
			if !ok {
				if v, l.err = add(shared.compiler, base, doc); l.err != nil {
					return
				}
				shared.docs[doc] = v
			}
			l.reasons.collect(base+File(doc)+"#", v)
		}
		l.sch, l.err = shared.compiler.Compile(base + File(name))
	})
	return l.sch, l.reasons, l.err
}

// Warm compiles the video schema now, so that a caller that will soon
// validate a manifest can overlap the compile with other work.
func Warm() { videoSchema.get(Video) }

// compile compiles both schemas as if they were files under base.
func compile(base string) (compiled, error) {
	c, rs := newCompiler(), reasons{}
	for _, name := range []string{Video, Project} {
		doc, err := add(c, base, name)
		if err != nil {
			return compiled{}, err
		}
		rs.collect(base+File(name)+"#", doc)
	}
	v, err := c.Compile(base + File(Video))
	if err != nil {
		return compiled{}, err
	}
	p, err := c.Compile(base + File(Project))
	if err != nil {
		return compiled{}, err
	}
	return compiled{video: v, project: p, reasons: rs}, nil
}

func newCompiler() *jsonschema.Compiler {
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	return c
}

// add adds the named schema document to c as a file under base, and
// returns it.
func add(c *jsonschema.Compiler, base, name string) (any, error) {
	src, _ := Source(name)
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(src))
	if err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	if err := c.AddResource(base+File(name), doc); err != nil {
		return nil, fmt.Errorf("schema %s: %w", name, err)
	}
	return doc, nil
}

// Violation is one way a document breaks its schema.
type Violation struct {
	// Path holds the JSON pointer tokens of the offending value.
	Path []string
	// AtKey says the position to report is the key Path names, not its
	// value (an unknown field is pointed at by its name).
	AtKey bool
	// Message says what is wrong and, where the schema knows, what to do.
	Message string
	// Typo is, for an unknown field that looks like a misspelt known one,
	// that known name: a caller that reports a missing field need not
	// report it missing when it is there under a typo.
	Typo string
}

// Validate checks doc (a tree of map[string]any, []any, string, bool, nil and
// json.Number) against the named schema. The violations are sorted by path.
func Validate(name string, doc any) ([]Violation, error) {
	lazy := &videoSchema
	if name == Project {
		lazy = &projectSchema
	}
	sch, rs, err := lazy.get(name)
	if err != nil {
		return nil, err
	}
	verr := sch.Validate(doc)
	if verr == nil {
		return nil, nil
	}
	ve, ok := verr.(*jsonschema.ValidationError)
	if !ok {
		return nil, verr
	}
	f := flattener{reasons: rs, doc: doc}
	f.walk(ve)
	return withoutTypoEchoes(sch, rs, doc, dedupe(f.out)), nil
}

func dedupe(vs []Violation) []Violation {
	seen := map[string]bool{}
	out := vs[:0]
	for _, v := range vs {
		k := strings.Join(v.Path, "\x00") + "\x01" + v.Message
		if !seen[k] {
			seen[k] = true
			out = append(out, v)
		}
	}
	return out
}

// MustCompile panics if the embedded schemas do not compile; tests and
// start-up checks call it so a broken schema never ships.
func MustCompile() {
	for _, name := range []string{Video, Project} {
		if _, err := Validate(name, map[string]any{}); err != nil {
			panic(err)
		}
	}
}

// Describe returns the description of the property named by a JSON pointer
// into the video schema's root (for messages and docs), or "".
func Describe(path ...string) string {
	var doc map[string]any
	if json.Unmarshal(videoJSON, &doc) != nil {
		return ""
	}
	cur := doc
	for _, p := range path {
		props, _ := cur["properties"].(map[string]any)
		next, _ := props[p].(map[string]any)
		if next == nil {
			return ""
		}
		cur = next
	}
	d, _ := cur["description"].(string)
	return d
}

package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"path"
	"runtime"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/reel-dev/reel/internal/lazyregexp"
	"github.com/reel-dev/reel/schema"
)

// Options change what Load does.
type Options struct {
	// Providers is the provider registry (registry.Manifest()): which
	// providers there are and what their APIs take. It is required.
	Providers Providers
	// Provider overrides every video's provider (the global --provider
	// flag). A name that meant the sandbox once means Sandbox, each video
	// keeping its provider.
	Provider string
	// Sandbox, when set, overrides reel.yaml's sandbox: for every video
	// (the global --sandbox flag): true sends each to its provider's fake.
	Sandbox *bool
	// Only, when set, keeps the manifests for which it returns true.
	Only func(ManifestFile) bool
	// Rows, when set, gives the rows of a manifest with rows that a plan
	// knows from before, as TemplateRead.Rows: only the others are
	// expanded, and a CSV file's known rows are not even read (see
	// data.ScanCSV). A re-plan expands the rows a data file's edit
	// changed, not ten thousand.
	Rows func(m ManifestFile) (known map[string]string)
	// Test asks each video's API for a test render (reel render --test):
	// free and watermarked, under a render key of its own. A video whose
	// API has no test mode is an error at its provider, ending with
	// TestHint (which APIs have one).
	Test     bool
	TestHint string
}

// sandboxed is whether a video renders in the sandbox: the --sandbox
// flag, else a manifest's own provider: sandbox (the old way to say it),
// else reel.yaml.
func (l *loader) sandboxed(legacy bool) bool {
	if l.opt.Sandbox != nil {
		return *l.opt.Sandbox
	}
	if _, ok := l.opt.Providers.Sandboxed(l.opt.Provider); ok {
		return true
	}
	_, project := l.p.Provider(l.opt.Providers)
	return legacy || project
}

// Set is what Load found: every valid video, and every error of every file.
type Set struct {
	Project *Project
	Videos  []*Video // sorted by id
	Errors  Errors   // sorted, deduplicated
	// Files is how many manifests were read.
	Files int
	// Dirs are the folders searched for manifests (see Project.walk), with
	// what the search saw in each: a snapshot records that listing as the
	// plan saw it, not as it is a moment later.
	Dirs Listing
	// Sums holds the hex SHA-256 of each manifest read, by path: a later
	// run can tell a touched file from an edited one without parsing it.
	Sums map[string]string
	// Stamps holds each manifest's size and mtime as it was read.
	Stamps map[string]Stamp
	// Templates are the manifests with rows or locales, with what they
	// read besides themselves (data and translation files, which Sums and
	// Stamps hold too).
	Templates []*TemplateRead
}

// Load reads every manifest of the project, merges defaults and variants,
// validates and resolves each video. Problems in the files are collected in
// Set.Errors; the error result is for failures to list the project itself.
func Load(p *Project, opt Options) (*Set, error) {
	if opt.Providers == nil {
		return nil, errNoProviders
	}
	// The files are read as the walk finds them: listing a thousand
	// folders would otherwise leave all but one core idle.
	l := loader{p: p, opt: opt, assets: newAssetCache(p.Root)}
	files := make(chan ManifestFile, 64)
	var dirs Listing
	var walkErr error
	go func() {
		defer close(files)
		dirs, walkErr = p.walkEach(func(f ManifestFile) {
			if opt.Only == nil || opt.Only(f) {
				files <- f
			}
		})
	}()
	var mu sync.Mutex
	var loaded []loadedFile
	each(files, func(f ManifestFile) {
		r := loadedFile{f, l.file(f)}
		mu.Lock()
		loaded = append(loaded, r)
		mu.Unlock()
	})
	if walkErr != nil {
		return nil, walkErr
	}
	slices.SortFunc(loaded, func(a, b loadedFile) int { return strings.Compare(a.Path, b.Path) })
	set := &Set{Project: p, Files: len(loaded), Dirs: dirs}
	set.Sums = make(map[string]string, len(loaded))
	set.Stamps = make(map[string]Stamp, len(loaded))
	for _, r := range loaded {
		if r.sum != "" {
			set.Sums[r.Path] = r.sum
			set.Stamps[r.Path] = r.stamp
		}
		set.addTemplate(r.tmpl)
		set.Videos = append(set.Videos, r.videos...)
		set.Errors = append(set.Errors, r.errs...)
	}
	set.Errors = append(set.Errors, checkUnique(p.Root, set.Videos)...)
	sort.Slice(set.Videos, func(i, j int) bool { return set.Videos[i].ID < set.Videos[j].ID })
	set.Errors = set.Errors.Sorted()
	return set, nil
}

// loadedFile is a manifest and what reading it gave.
type loadedFile struct {
	ManifestFile
	fileResult
}

// each runs fn on everything from in, on as many goroutines as there are
// CPUs, and returns when in is closed and drained.
func each[T any](in <-chan T, fn func(T)) {
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Go(func() {
			for v := range in {
				fn(v)
			}
		})
	}
	wg.Wait()
}

// parallel runs fn(0..n-1) on as many goroutines as there are CPUs. One
// item is run in the caller's goroutine: a goroutine started while the
// CPUs are busy (a re-plan loads the edited manifest while the snapshot's
// check runs) can wait many milliseconds to be scheduled.
func parallel(n int, fn func(int)) {
	if n == 1 {
		fn(0)
		return
	}
	next := make(chan int)
	go func() {
		defer close(next)
		for i := range n {
			next <- i
		}
	}()
	each(next, fn)
}

type fileResult struct {
	videos []*Video
	errs   Errors
	sum    string // hex SHA-256 of the file's bytes
	stamp  Stamp  // the file's size and mtime as read
	tmpl   *TemplateRead
}

type loader struct {
	p       *Project
	opt     Options
	assets  *assetCache
	outputs outputDirs
}

// file loads one manifest: the video it describes and one per variant.
func (l *loader) file(f ManifestFile) fileResult {
	data, stamp, err := readFile(l.p.Root, f.Path)
	if err != nil {
		return fileResult{errs: Errors{{Pos: Pos{File: f.Path, Line: 1, Col: 1}, Msg: err.Error()}}}
	}
	res := l.manifest(f, data)
	sum := sha256.Sum256(data)
	res.sum, res.stamp = hex.EncodeToString(sum[:]), stamp
	return res
}

// manifest loads the videos of one manifest's bytes.
func (l *loader) manifest(f ManifestFile, data []byte) fileResult {
	tree, errs := Parse(f.Path, data)
	if e, bad := idError(f); bad {
		errs = append(Errors{e}, errs...)
	}
	if len(errs) > 0 {
		return fileResult{errs: errs}
	}
	if isTemplate(tree) {
		return l.templated(f, tree)
	}
	docs, errs := variants(f, tree)
	var res fileResult
	res.errs = errs
	for _, d := range docs {
		v, errs := l.video(f, d)
		res.errs = append(res.errs, errs...)
		if v != nil {
			res.videos = append(res.videos, v)
		}
	}
	return res
}

// doc is one video's manifest before defaults: the file itself, or the
// file with one variant merged over it.
type doc struct {
	id, variant string
	tree        *Node
	own         *Node  // the variant's own fields (nil for the base video)
	ownField    string // where own was written: variants.<name> or locales.<name>
	suffix      string // put before the output's extension: @<variant>, @<key>@<locale>
	base        string // a row's or a locale's manifest id, its default output's name
}

// fieldName names a field of the merged tree as the user wrote it: a value
// from reel.yaml is defaults.<field>, one from a variant
// variants.<name>.<field>.
func (d doc) fieldName(tree *Node, projectFile string) func([]string) string {
	return func(field []string) string {
		name := tree.FieldName(field)
		if len(field) == 0 {
			return name
		}
		got, depth := tree.Lookup(field)
		if depth == len(field) && got.Pos.File == projectFile && field[0] != "provider" {
			return "defaults." + name
		}
		if d.own == nil {
			return name
		}
		if mine, n := d.own.Lookup(field); n == depth && mine == got {
			return d.ownField + "." + name
		}
		if parent, n := d.own.Lookup(field[:len(field)-1]); n == len(field)-1 && parent.Kind == Map {
			if _, ok := parent.keyPos(field[len(field)-1]); ok {
				return d.ownField + "." + name
			}
		}
		return name
	}
}

var variantName = lazyregexp.New(`^[a-z0-9][a-z0-9_-]{0,39}$`)

func variants(f ManifestFile, tree *Node) ([]doc, Errors) {
	base := tree.without("variants")
	docs := []doc{{id: f.ID, tree: base}}
	vs := tree.Get("variants")
	if vs == nil || vs.IsNull() {
		return docs, nil
	}
	if vs.Kind != Map {
		return docs, Errors{errAt(vs, "variants", "is %s; want a mapping of variant names to overrides", describeKind(vs))}
	}
	var errs Errors
	for i, name := range vs.Keys {
		field := "variants." + name
		switch own := vs.Vals[i]; {
		case !variantName.MatchString(name):
			errs = append(errs, Error{Pos: vs.KeyPos[i], Field: field, Msg: "a variant name is lower-case letters, digits, '-' or '_', starting with a letter or digit (e.g. es, de-formal)"})
		case own.Kind != Map:
			errs = append(errs, errAt(own, field, "is %s; want a mapping of the fields this variant changes", describeKind(own)))
		default:
			t := merge(base, own)
			t.Pos = vs.KeyPos[i]
			d := doc{id: f.ID + "@" + name, variant: name, tree: t, own: own, ownField: field}
			if own.Get("output") == nil {
				d.suffix = "@" + name
			}
			docs = append(docs, d)
		}
	}
	return docs, errs
}

// video merges defaults under a doc, validates it and resolves it.
func (l *loader) video(f ManifestFile, d doc) (*Video, Errors) {
	root := d.tree.Pos
	tree := merge(l.p.Defaults(), d.tree)
	tree.Pos = root
	tree, legacy := l.withProvider(tree)
	name := d.fieldName(tree, l.p.File)
	plain := tree.Plain()
	errs, misspelt := validateTree(schema.Video, tree, plain, name)
	if errs = append(errs, required(tree, misspelt)...); len(errs) > 0 {
		return nil, errs
	}
	v := &Video{ID: d.id, Variant: d.variant, File: f.Path, tree: tree, name: name}
	if err := json.Unmarshal(Canonical(plain), v); err != nil {
		return nil, Errors{errAt(tree, "", "cannot read: %v", err)}
	}
	v.Provider = tree.Get("provider").Value.(string)
	if err := l.setAPI(v, tree.Get("provider")); err != nil {
		return nil, Errors{*err}
	}
	v.Sandbox = l.sandboxed(legacy)
	v.Output = l.output(v, d)
	if errs = outputError(v); len(errs) == 0 {
		errs = l.checkOutput(v)
	}
	req, rerrs := l.resolve(v)
	errs = append(errs, rerrs...)
	if len(errs) > 0 {
		return nil, errs
	}
	v.Request = req
	v.settle()
	return v, nil
}

// withProvider sets the provider field to the one that will render: the
// --provider flag, else the manifest's, else reel.yaml's. The schema's
// provider rules then check the manifest against it. A manifest's own
// provider that once meant the sandbox (provider: sandbox) is the provider
// it meant, and legacy says it asked for the sandbox.
func (l *loader) withProvider(tree *Node) (_ *Node, legacy bool) {
	ps := l.opt.Providers
	if _, ok := ps.Sandboxed(l.opt.Provider); l.opt.Provider != "" && !ok {
		return tree.set("provider", tree.Pos, &Node{Kind: Scalar, Pos: tree.Pos, Value: l.opt.Provider}), false
	}
	if n := tree.Get("provider"); n != nil {
		if name, _ := n.Value.(string); name != "" {
			if real, ok := ps.Sandboxed(name); ok {
				return tree.set("provider", n.Pos, &Node{Kind: Scalar, Pos: n.Pos, Value: real}), true
			}
		}
		return tree, false
	}
	pn := l.p.ProviderNode()
	name, _ := l.p.Provider(ps)
	return tree.set("provider", pn.Pos, &Node{Kind: Scalar, Pos: pn.Pos, Value: name}), false
}

// setAPI sets the API the video's provider speaks in this project, or
// says, at the provider's position, why there is none.
func (l *loader) setAPI(v *Video, at *Node) *Error {
	api, err := l.opt.Providers.API(v.Provider, l.p.Config.Providers[v.Provider])
	if err != nil {
		e := errAt(at, "provider", "%v", err)
		return &e
	}
	v.api, v.API = api, api.Name
	return nil
}

// errNoProviders says a caller left Options.Providers unset.
var errNoProviders = errors.New("manifest.Load: Options.Providers is nil: pass the provider registry (registry.Manifest())")

// required reports the fields a video cannot do without, which the schema
// leaves optional because they may come from reel.yaml's defaults; one
// there under a typo (misspelt) is reported as the typo alone.
func required(tree *Node, misspelt map[string]bool) Errors {
	var errs Errors
	for _, f := range []struct{ name, what string }{
		{"avatar", "who speaks (avatar: {id: ...} or {image: portrait.png})"},
		{"scenes", "what is said (scenes: [{script: ...}])"},
	} {
		if tree.Get(f.name) == nil && !misspelt[f.name] {
			errs = append(errs, Error{Pos: tree.Pos, Msg: fmt.Sprintf("no %s: set %s here or under defaults in reel.yaml", f.name, f.what)})
		}
	}
	return errs
}

// output is where the video is written, below output_dir: the manifest's
// output, else the video id with .mp4. A variant without its own output
// gets the base's name with @variant before the extension, a row's video
// @key (unless its output is a template) and a locale's @locale.
func (l *loader) output(v *Video, d doc) string {
	out := v.Output
	if out == "" {
		base, _, _ := strings.Cut(v.ID, "@")
		if d.base != "" {
			base = d.base
		}
		out = base + ".mp4"
	}
	out = path.Clean(strings.ReplaceAll(out, `\`, "/"))
	if d.suffix != "" {
		ext := path.Ext(out)
		out = strings.TrimSuffix(out, ext) + d.suffix + ext
	}
	return out
}

// checkUnique reports two videos with one id, or whose outputs clash.
func checkUnique(root string, videos []*Video) Errors {
	clashes := Clashes(root, videos)
	errs := make(Errors, len(clashes))
	for i, c := range clashes {
		errs[i] = c.Err
	}
	return errs
}

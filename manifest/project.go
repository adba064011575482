package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/schema"
)

// ProjectFile is the name of the file that marks a project's root.
const ProjectFile = "reel.yaml"

// Default include globs, relative to the project root.
var DefaultInclude = []string{"videos/**/*.yaml", "videos/**/*.yml"}

// Config is reel.yaml, decoded after it validated against its schema.
type Config struct {
	Version int `json:"version"`
	// Provider is reel.yaml's provider: as written, "" when it names none
	// (Project.Provider resolves it).
	Provider  string                    `json:"provider"`
	Sandbox   bool                      `json:"sandbox"` // render every video in the sandbox
	OutputDir string                    `json:"output_dir"`
	Include   []string                  `json:"include"`
	Budget    Budget                    `json:"budget"`
	Providers map[string]ProviderConfig `json:"providers"`
	Pricing   map[string]Price          `json:"pricing"`
	Store     string                    `json:"store"` // see StoreURL
	Avatars   map[string]avatarConfig   `json:"avatars"`
}

// Budget is the most a run may spend.
type Budget struct {
	MaxUSD *float64 `json:"max_usd"`
}

// Price overrides the list price of one provider for estimates.
type Price struct {
	CreditsPerMinute *float64 `json:"credits_per_minute"`
	CreditsPerVideo  *float64 `json:"credits_per_video"`
	USDPerSecond     *float64 `json:"usd_per_second"`
	USDPerMinute     *float64 `json:"usd_per_minute"`
	USDPerVideo      *float64 `json:"usd_per_video"`
	USDPerCredit     *float64 `json:"usd_per_credit"`
	// CreditsPerTraining and CreditsPerLook price a photo avatar's
	// training and each look generated from it.
	CreditsPerTraining *float64 `json:"credits_per_training"`
	CreditsPerLook     *float64 `json:"credits_per_look"`
}

// Project is a loaded reel.yaml.
type Project struct {
	Root   string // absolute folder holding reel.yaml
	File   string // absolute path of reel.yaml
	Config Config
	// OutputDir is the absolute folder outputs are written to.
	OutputDir string
	// Read is reel.yaml's stamp and SHA-256 (hex) as it was read, so that a
	// cache records the very bytes the project was made from.
	Read FileRead
	// Avatars are reel.yaml's photo avatars, by name, their photos hashed.
	Avatars map[string]*PhotoAvatar
	tree    *Node
}

// FileRead is a file's stamp and content hash as one read of it saw them.
type FileRead struct {
	Stamp
	SHA256 string
}

// ErrNoProject says no reel.yaml was found in a folder or its parents.
var ErrNoProject = errors.New("no reel.yaml here or in any parent folder: run `reel init` to start a project, or -C to point at one")

// Find returns the folder holding reel.yaml, looking in dir and then its
// parents, as go finds go.mod and git finds .git. A reel.yaml that is there
// but is not a regular file (a folder, a FIFO, a symlink to a device) is
// an error that says what it is: the project is there, and cannot be read.
func Find(dir string) (string, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for d := abs; ; d = filepath.Dir(d) {
		file := filepath.Join(d, ProjectFile)
		if st, err := os.Stat(file); err == nil && st.Mode().IsRegular() {
			return d, nil
		} else if err == nil {
			return "", safefile.Check(file, st, safefile.YAML)
		}
		if filepath.Dir(d) == d {
			return "", ErrNoProject
		}
	}
}

// LoadProject reads and validates root/reel.yaml. On errors it returns them
// all, positioned, and no project.
func LoadProject(root string) (*Project, error) { return loadProject(root, "") }

// LoadValidatedProject is LoadProject for a reel.yaml that passed this
// build's schema before, as content whose SHA-256 (hex) is valid: if it
// still is, the schema check is left out, and with it the compile of the
// project schema, a few ms of a plan that re-reads one edited manifest.
// Everything else is done as ever.
func LoadValidatedProject(root, valid string) (*Project, error) { return loadProject(root, valid) }

func loadProject(root, valid string) (*Project, error) {
	if abs, err := filepath.Abs(root); err == nil {
		root = abs
	}
	file := filepath.Join(root, ProjectFile)
	data, stamp, err := readFile(root, file)
	if err != nil {
		return nil, Errors{{Pos: Pos{File: file, Line: 1, Col: 1}, Msg: err.Error()}}
	}
	sum := sha256.Sum256(data)
	hexSum := hex.EncodeToString(sum[:])
	p, err := parseProject(root, file, data, hexSum != valid)
	if p != nil {
		p.Read = FileRead{stamp, hexSum}
	}
	return p, err
}

// parseProject decodes the bytes of reel.yaml, validating them first
// unless they passed before.
func parseProject(root, file string, data []byte, validate bool) (*Project, error) {
	tree, errs := parse(file, data, projectWords)
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	tree = dropNulls(tree) // an empty "defaults:" means no defaults
	if validate {
		verrs, _ := validateTree(schema.Project, tree, tree.Plain(), tree.FieldName)
		errs = append(errs, verrs...)
	}
	if len(errs) > 0 {
		return nil, errs.Sorted()
	}
	p := &Project{Root: root, File: file, tree: tree}
	if err := json.Unmarshal(tree.without("defaults").JSON(), &p.Config); err != nil {
		return nil, Errors{errAt(tree, "", "cannot read: %v", err)}
	}
	p.applyDefaults()
	if errs := append(p.checkPaths(), p.loadAvatars()...); len(errs) > 0 {
		return nil, errs.Sorted()
	}
	p.OutputDir = filepath.Join(root, filepath.FromSlash(p.Config.OutputDir))
	return p, nil
}

func (p *Project) applyDefaults() {
	c := &p.Config
	if c.OutputDir == "" {
		c.OutputDir = "out"
	}
	if len(c.Include) == 0 {
		c.Include = DefaultInclude
	}
	if c.Providers == nil {
		c.Providers = map[string]ProviderConfig{}
	}
}

// Provider is the provider reel.yaml chooses, ps's default when it names
// none, and whether it says to render in the sandbox (sandbox: true, or a
// provider name that meant the sandbox once).
func (p *Project) Provider(ps Providers) (name string, sandbox bool) {
	name, sandbox = p.Config.Provider, p.Config.Sandbox
	if real, ok := ps.Sandboxed(name); ok {
		name, sandbox = real, true
	}
	if name == "" {
		name = ps.Default()
	}
	return name, sandbox
}

// checkPaths refuses an output_dir or include glob that leaves the project
// (reel writes only below its root), and a malformed glob, which would
// otherwise match nothing without a word.
func (p *Project) checkPaths() Errors {
	errs := append(p.checkBaseURLs(), p.checkStore()...)
	if n := p.tree.Get("output_dir"); n != nil && escapes(p.Config.OutputDir) {
		errs = append(errs, errAt(n, "output_dir", "%q leaves the project: give a folder inside it, e.g. out", p.Config.OutputDir))
	}
	if n := p.tree.Get("include"); n != nil {
		for i, g := range p.Config.Include {
			field := fmt.Sprintf("include[%d]", i)
			if escapes(g) {
				errs = append(errs, errAt(n.Items[i], field, "%q leaves the project: globs are relative to reel.yaml", g))
			} else if why := badGlob(g); why != "" {
				errs = append(errs, errAt(n.Items[i], field, "%q is not a glob: %s", g, why))
			}
		}
	}
	return errs
}

// dropNulls removes the top-level keys whose value is null, in one pass
// however many there are.
func dropNulls(tree *Node) *Node {
	out := &Node{Kind: Map, Pos: tree.Pos}
	for i, k := range tree.Keys {
		if !tree.Vals[i].IsNull() {
			out.add(k, tree.KeyPos[i], tree.Vals[i])
		}
	}
	return out
}

// checkBaseURLs refuses plain http:// to anything but this machine: an API
// key must not cross a network in clear text. Every providers.<name>.*_url
// is a base URL.
func (p *Project) checkBaseURLs() Errors {
	var errs Errors
	ps := p.tree.Get("providers")
	if ps == nil || ps.Kind != Map {
		return nil
	}
	for i, name := range ps.Keys {
		settings := ps.Vals[i]
		if settings.Kind != Map {
			continue
		}
		for j, field := range settings.Keys {
			n := settings.Vals[j]
			s, ok := n.Value.(string)
			if !ok || !strings.HasSuffix(field, "_url") {
				continue
			}
			u, err := url.Parse(s)
			if err != nil || u.Scheme == "http" && !loopback(u.Hostname()) {
				errs = append(errs, errAt(n, "providers."+name+"."+field, "%q: plain http:// is refused except on loopback (API keys would cross the network in clear text): use https://", s))
			}
		}
	}
	return errs
}

func loopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// escapes reports whether a slash-separated relative path climbs out of
// its base or is absolute.
func escapes(rel string) bool {
	if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.HasPrefix(rel, `\`) || filepath.VolumeName(rel) != "" {
		return true
	}
	clean := filepath.ToSlash(filepath.Clean(filepath.FromSlash(rel)))
	return clean == ".." || strings.HasPrefix(clean, "../")
}

// Defaults is the defaults: tree of reel.yaml (nil when there is none).
func (p *Project) Defaults() *Node { return p.tree.Get("defaults") }

// ProviderNode returns the node of reel.yaml's provider: field, for
// positions of errors that the project's choice of provider causes.
func (p *Project) ProviderNode() *Node {
	if n := p.tree.Get("provider"); n != nil {
		return n
	}
	return p.tree
}

// Stamp is a file's size and mtime (unix nanoseconds) as a read saw them.
type Stamp struct{ Size, Mtime int64 }

func tooBig(size int64) error {
	return fmt.Errorf("file is %d bytes; reel reads YAML files of at most %d (1 MiB): split it, or move what is not needed out", size, MaxFileSize)
}

// unwrapPath drops the path from an *os.PathError: the error's position
// already names the file.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// validateTree checks a tree (plain is tree.Plain()) against a schema and
// positions each violation; name gives the field's name as the user wrote it.
// misspelt holds the top-level fields that are there under a typo (scens
// for scenes), which are not to be reported missing as well.
func validateTree(schemaName string, tree *Node, plain any, name func([]string) string) (errs Errors, misspelt map[string]bool) {
	vs, err := schema.Validate(schemaName, plain)
	if err != nil {
		return Errors{errAt(tree, "", "internal error validating: %v", err)}, nil
	}
	errs = make(Errors, 0, len(vs))
	for _, v := range vs {
		errs = append(errs, Error{Pos: tree.PosOf(v.Path, v.AtKey), Field: name(v.Path), Msg: v.Message})
		if v.Typo != "" && len(v.Path) == 1 {
			if misspelt == nil {
				misspelt = map[string]bool{}
			}
			misspelt[v.Typo] = true
		}
	}
	return errs, misspelt
}

package manifest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"path"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/safefile"
)

// Request is the exact body a video's provider receives, with each local
// file standing as its content hash ("sha256:<hex>") until the executor
// uploads it and puts the provider's asset id or URL in its place.
//
// The body is kept as the canonical bytes the key is computed over, not as
// a tree: a tree of maps costs about three times the memory, and only the
// videos being rendered ever need one.
type Request struct {
	Provider string
	API      string
	Sandbox  bool    // for the provider's fake: Key is not the real one
	Test     bool    // a test render (Options.Test): free, watermarked, its own Key
	Assets   []Asset // sorted by Ref, one per distinct content
	// Avatars are the photo avatars it renders: each Ref stands in the
	// body until the executor puts the trained avatar's id in its place.
	Avatars []AvatarUse
	Key     string // the render key, hex

	keyJSON  []byte         // the body without its cosmetic fields, canonical
	cosmetic map[string]any // those fields (a title, a callback), sent but not keyed
}

// newRequest keeps body's keyed fields as canonical bytes (those of f
// not cosmetic), and sets the key.
func newRequest(provider, api string, f *Format, sandbox bool, body map[string]any, assets []Asset) *Request {
	req := &Request{Provider: provider, API: api, Sandbox: sandbox, Assets: assets}
	keyed := body
	for _, k := range f.cosmetic {
		if v, ok := body[k]; ok {
			if req.cosmetic == nil {
				req.cosmetic = map[string]any{}
				keyed = maps.Clone(body)
			}
			req.cosmetic[k] = v
			delete(keyed, k)
		}
	}
	req.keyJSON = Canonical(keyed)
	req.Key = RenderKey(req)
	return req
}

// Body returns a new tree of the body the provider receives. Numbers come
// back as json.Number, so they encode as they were written.
func (req *Request) Body() map[string]any {
	d := json.NewDecoder(bytes.NewReader(req.keyJSON))
	d.UseNumber()
	var body map[string]any
	if err := d.Decode(&body); err != nil {
		panic("manifest: a canonical body does not decode: " + err.Error()) // Canonical wrote it
	}
	if body == nil {
		body = map[string]any{}
	}
	for k, v := range req.cosmetic {
		body[k] = v
	}
	return body
}

// builder turns a validated Video into its Request, collecting every
// positioned reason the chosen API cannot render it.
type builder struct {
	l       *loader
	v       *Video
	api     string // the API's name for messages: "HeyGen v3"
	errs    Errors
	assets  map[string]Asset
	avatars []AvatarUse
}

func (l *loader) resolve(v *Video) (*Request, Errors) {
	b := &builder{l: l, v: v, api: v.api.Label, assets: map[string]Asset{}}
	if !b.photoUsable() {
		return nil, b.errs
	}
	body := v.api.Format.build(b)
	if len(b.errs) > 0 {
		return nil, b.errs
	}
	if v.ProviderOptions != nil {
		body = mergeJSON(body, normalize(v.ProviderOptions).(map[string]any))
	}
	if l.opt.Test && !b.test(body) {
		return nil, b.errs
	}
	var assets []Asset
	for _, a := range b.assets {
		assets = append(assets, a)
	}
	sort.Slice(assets, func(i, j int) bool { return assets[i].Ref < assets[j].Ref })
	req := newRequest(v.Provider, v.API, v.api.Format, v.Sandbox, body, assets)
	req.Avatars = b.avatars
	req.Test = l.opt.Test
	return req, nil
}

func (b *builder) fail(field []string, format string, args ...any) {
	b.errs = append(b.errs, b.v.errorf(field, format, args...))
}

// instead is what to suggest where the API cannot render a field: its
// own suggestion, else its format's, def.
func (b *builder) instead(def string) string {
	if b.v.api.Instead != "" {
		return b.v.api.Instead
	}
	return def
}

// unsupported reports a field the API has no place for, unless it is
// unset; instead, if not empty, is the other way to get it.
func (b *builder) unsupported(set bool, field []string, what, instead string) {
	switch {
	case !set:
	case instead == "":
		b.fail(field, "%s has no %s: remove it", b.api, what)
	default:
		b.fail(field, "%s has no %s: remove it, or %s", b.api, what, instead)
	}
}

// ref resolves a media field to what the body holds: the URL, or the
// asset's hash with the asset recorded for upload.
func (b *builder) ref(kind MediaKind, field ...string) (string, bool) {
	if !b.v.api.Uploads && b.local(field) {
		b.fail(field, "%s takes public https URLs only: host the file and give its https:// URL", b.api)
		return "", false
	}
	m, err := b.l.media(b.v, kind, field...)
	if err != nil {
		b.errs = append(b.errs, *err)
		return "", false
	}
	if m.Asset == nil {
		return m.URL, false
	}

	if kind == AudioMedia && len(field) == 3 && field[0] == "scenes" {
		if b.v.audio == nil {
			b.v.audio = map[int]float64{}
		}
		i, _ := strconv.Atoi(field[1])
		b.v.audio[i] = m.Asset.Duration
	}
	b.assets[m.Asset.Ref] = *m.Asset
	b.v.keepLocal(field, m.Asset.Path)
	return m.Asset.Ref, true
}

// local reports whether a media field names a local file rather than a
// URL.
func (b *builder) local(field []string) bool {
	n, _ := b.v.tree.Lookup(field)
	ref, _ := n.Value.(string)
	return !strings.Contains(ref, "://")
}

func sceneP(i int, field ...string) []string {
	return append([]string{"scenes", strconv.Itoa(i)}, field...)
}

// Frame sizes: the presets name the short side.
var (
	shortSide = map[string]int{"360p": 360, "480p": 480, "540p": 540, "720p": 720, "1080p": 1080, "4k": 2160}
	aspects   = map[string][2]int{"16:9": {16, 9}, "9:16": {9, 16}, "1:1": {1, 1}, "4:5": {4, 5}, "5:4": {5, 4}}
)

// Every API renders 16:9 at 720p when nothing is said: the seeds' and
// HeyGen's free-plan default, so a manifest that spells it out renders the
// same video, with the same key, as one that leaves it out.
const defaultAspect, defaultResolution = "16:9", "720p"

// aspectResolution is the frame as a preset pair, converting width and
// height when they match one; allowed lists the API's resolutions.
func (b *builder) aspectResolution(allowed ...string) (string, string) {
	d := b.v.Dimension
	aspect, res := d.Aspect, d.Resolution
	if d.Width > 0 {
		aspect, res = presetOf(d.Width, d.Height)
		if aspect == "" {
			b.fail([]string{"dimension"}, "%dx%d is not a size %s offers: give aspect (16:9, 9:16, 1:1, 4:5, 5:4) and resolution instead", d.Width, d.Height, b.api)
			return defaultAspect, defaultResolution
		}
	}
	aspect, res = cmpOr(aspect, defaultAspect), cmpOr(res, defaultResolution)
	for _, a := range allowed {
		if a == res {
			return aspect, res
		}
	}
	b.fail([]string{"dimension", "resolution"}, "%s renders %s only", b.api, strings.Join(allowed, ", "))
	return aspect, res
}

// widthHeight is the frame in pixels, converting a preset pair.
func (b *builder) widthHeight() (int, int) {
	d := b.v.Dimension
	if d.Width > 0 {
		return d.Width, d.Height
	}
	r := aspects[cmpOr(d.Aspect, defaultAspect)]
	short := shortSide[cmpOr(d.Resolution, defaultResolution)]
	if r[0] >= r[1] {
		return even(short * r[0] / r[1]), short
	}
	return short, even(short * r[1] / r[0])
}

func even(n int) int { return n + n%2 }

// presetOf names a pixel size as aspect and resolution, or "" if none fits.
func presetOf(w, h int) (string, string) {
	for name, r := range aspects {
		if w*r[1] != h*r[0] {
			continue
		}
		for res, short := range shortSide {
			if min(w, h) == short {
				return name, res
			}
		}
	}
	return "", ""
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// webm reports whether the output is a WebM file (a transparent video).
func (v *Video) webm() bool { return strings.EqualFold(path.Ext(v.Output), ".webm") }

// checkOutput refuses an output that would land outside output_dir, also
// through a symlinked folder below it.
func (l *loader) checkOutput(v *Video) Errors {
	p := []string{"output"}
	if escapes(v.Output) || v.Output == "." {
		written := v.Output // cleaned; the message quotes what the file says
		if n, depth := v.tree.Lookup(p); depth == len(p) {
			if s, ok := n.Value.(string); ok {
				written = s
			}
		}
		return Errors{v.errorf(p, "%q leaves output_dir: give a path inside it, e.g. %s.mp4", written, strings.Split(v.ID, "@")[0])}
	}
	outDir := l.outputs.rootReal(l.p.OutputDir)
	if outDir == "" {
		return nil // not created yet: nothing below it can be a link
	}
	dir := filepath.Dir(filepath.Join(l.p.OutputDir, filepath.FromSlash(v.Output)))
	real, ok := l.outputs.realDir(l.p.OutputDir, dir)
	if ok && !safefile.Within(outDir, real) {
		return Errors{v.errorf(p, "%q would be written through a link to %s, outside output_dir: remove the link or choose another output", v.Output, real)}
	}
	return nil
}

// normalize turns provider_options' JSON numbers into float64 or int64, so
// 1 and 1.0 encode alike in the render key.
func normalize(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(v))
		for k, x := range v {
			out[k] = normalize(x)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = normalize(x)
		}
		return out
	case fmt.Stringer: // json.Number
		s := v.String()
		if i, err := strconv.ParseInt(s, 10, 64); err == nil {
			return i
		}
		if f, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(f, 0) {
			if f == math.Trunc(f) && math.Abs(f) < 1<<53 {
				return int64(f)
			}
			return f
		}
		return s
	}
	return v
}

// mergeJSON deep-merges over into base (over wins, maps merge).
func mergeJSON(base, over map[string]any) map[string]any {
	out := make(map[string]any, len(base)+len(over))
	for k, v := range base {
		out[k] = v
	}
	for k, v := range over {
		if bm, ok := out[k].(map[string]any); ok {
			if om, ok := v.(map[string]any); ok {
				out[k] = mergeJSON(bm, om)
				continue
			}
		}
		out[k] = v
	}
	return out
}

package plan

import (
	"encoding/json"
	"reflect"
	"sort"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// Change is one field that differs from the last render, named as the
// manifest names it (what a writer edited), with the provider request's
// field it sets beside it.
type Change struct {
	Field   string `json:"field"`             // the manifest's field: scenes[1].script
	Request string `json:"request,omitempty"` // the request's field: scenes[1].input.script
	Old     string `json:"old"`               // JSON values; "" when absent
	New     string `json:"new"`
}

// entryProvider is the provider an entry names, with an old lock's
// "sandbox" spelled as today's sandbox:heygen/v3.
func entryProvider(name string) string {
	if real, ok := registry.Sandboxed(name); ok {
		return registry.SandboxName(real)
	}
	return name
}

// formatOf is the request format of the API a provider name of the lock
// speaks (a sandbox fake speaks its real API's), or nil for one this reel
// does not know.
func formatOf(name string) *manifest.Format {
	if api, ok := registry.API(name); ok {
		return api.Request
	}
	return nil
}

// Diff lists what changed between e's recorded request, req, and the
// video's, by manifest field.
func Diff(e *lock.Entry, req json.RawMessage, v *manifest.Video) []Change {
	var out []Change
	if p := v.ProviderName(); p != entryProvider(e.Provider) {
		out = append(out, Change{Field: "provider", Old: quote(e.Provider), New: quote(p)})
	}
	var old, cur any
	if json.Unmarshal(req, &old) != nil {
		// Not kept (a lock from before requests were kept beside it, or
		// the file is gone): say so rather than call every field new.
		return append(out, Change{Field: "request (the last render's is not kept in " + lock.RequestsDir + ")", Old: quote(short(e.Key)), New: quote(short(v.Request.Key))})
	}
	json.Unmarshal(v.Request.KeyJSON(), &cur)
	if oldFormat := formatOf(e.Provider); oldFormat != v.Format() {
		// Two formats differ in shape: what can be told is the manifest
		// values both hold as written.
		return append(out, copiesChanged(copies(oldFormat, old), manifest.Copies(v.Format(), cur))...)
	}
	var fields []Change
	walk("", old, cur, &fields)
	for i := range fields {
		fields[i].Field = v.Field(fields[i].Request)
	}
	sort.SliceStable(fields, func(i, j int) bool { return compareFields(fields[i].Field, fields[j].Field) < 0 })
	out = append(out, fields...)
	if len(out) == 0 {
		// An equal request yet the key differs: an asset's content or the
		// key's version changed.
		out = append(out, Change{Field: "assets or key version", Old: quote(short(e.Key)), New: quote(short(v.Request.Key))})
	}
	return out
}

// copies is manifest.Copies of a request of format f, or none for a
// format this reel does not know.
func copies(f *manifest.Format, body any) map[string]string {
	if f == nil {
		return nil
	}
	return manifest.Copies(f, body)
}

// copiesChanged lists the manifest fields both requests hold whose values
// differ.
func copiesChanged(old, cur map[string]string) []Change {
	var out []Change
	for f, was := range old {
		if now, ok := cur[f]; ok && now != was {
			out = append(out, Change{Field: f, Old: was, New: now})
		}
	}
	sort.Slice(out, func(i, j int) bool { return compareFields(out[i].Field, out[j].Field) < 0 })
	return out
}

// walk appends the request fields that differ between a and b. An object
// one side lacks is walked field by field too: each field may come from
// another manifest field.
func walk(path string, a, b any, out *[]Change) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
	if aok && b == nil || bok && a == nil {
		aok, bok = true, true
	}
	if aok && bok {
		keys := map[string]bool{}
		for k := range am {
			keys[k] = true
		}
		for k := range bm {
			keys[k] = true
		}
		sorted := make([]string, 0, len(keys))
		for k := range keys {
			sorted = append(sorted, k)
		}
		sort.Strings(sorted)
		for _, k := range sorted {
			walk(manifest.JoinPath(path, k), am[k], bm[k], out)
		}
		return
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		for i := range al {
			walk(manifest.IndexPath(path, i), al[i], bl[i], out)
		}
		return
	}
	// JSON values: reflect.DeepEqual is go-cmp's Equal for them, without
	// the regexps go-cmp compiles in its init, which every run paid
	if !reflect.DeepEqual(a, b) {
		*out = append(*out, Change{Request: path, Old: encode(a), New: encode(b)})
	}
}

func encode(v any) string {
	if v == nil {
		return ""
	}
	b, _ := json.Marshal(v)
	return string(b)
}

func quote(s string) string { return encode(s) }

func short(key string) string {
	if len(key) > 12 {
		return key[:12]
	}
	return key
}

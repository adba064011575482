package plan

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"

	"github.com/google/go-cmp/cmp"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
)

// Change is one field of the request that differs from the last render.
type Change struct {
	Field string `json:"field"` // a path in the provider's request: scenes[0].input.script
	Old   string `json:"old"`   // JSON values; "" when absent
	New   string `json:"new"`
}

// ProviderName names a video's provider and API as the lock records it.
func ProviderName(v *manifest.Video) string {
	if v.Provider == "heygen" {
		return "heygen/" + v.API
	}
	return v.Provider
}

// Diff lists what changed between e's recorded request, req, and the
// video's.
func Diff(e *lock.Entry, req json.RawMessage, v *manifest.Video) []Change {
	var out []Change
	if p := ProviderName(v); p != e.Provider {
		out = append(out, Change{Field: "provider", Old: quote(e.Provider), New: quote(p)})
	}
	var old, cur any
	if json.Unmarshal(req, &old) != nil {
		// Not kept (a lock from before requests were kept beside it, or
		// the file is gone): say so rather than call every field new.
		return append(out, Change{Field: "request (the last render's is not kept in " + lock.RequestsDir + ")", Old: quote(short(e.Key)), New: quote(short(v.Request.Key))})
	}
	json.Unmarshal(v.Request.KeyJSON(), &cur)
	walk("", old, cur, &out)
	if len(out) == 0 {
		// An equal request yet the key differs: an asset's content or the
		// key's version changed.
		out = append(out, Change{Field: "assets or key version", Old: quote(short(e.Key)), New: quote(short(v.Request.Key))})
	}
	return out
}

func walk(path string, a, b any, out *[]Change) {
	am, aok := a.(map[string]any)
	bm, bok := b.(map[string]any)
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
			walk(join(path, k), am[k], bm[k], out)
		}
		return
	}
	al, aok := a.([]any)
	bl, bok := b.([]any)
	if aok && bok && len(al) == len(bl) {
		for i := range al {
			walk(fmt.Sprintf("%s[%d]", path, i), al[i], bl[i], out)
		}
		return
	}
	if !cmp.Equal(a, b) {
		*out = append(*out, Change{Field: path, Old: encode(a), New: encode(b)})
	}
}

func join(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
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

// changedFields names the changed fields for a one-line reason.
func changedFields(cs []Change) string {
	names := make([]string, 0, len(cs))
	for i, c := range cs {
		if i == 3 {
			names = append(names, fmt.Sprintf("and %d more", len(cs)-3))
			break
		}
		names = append(names, c.Field)
	}
	return strings.Join(names, ", ")
}

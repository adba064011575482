package schema

import (
	"slices"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/jsonschema"
)

// withoutTypoEchoes drops the violations a misspelt field causes besides
// its own: a scene with scrpit: is also "none of script, audio or
// silence", and a mapping missing a required field that is there under a
// typo also lacks it. One mistake is one error, pointing at the typo.
//
// It validates doc again with every misspelt key renamed to the name it
// resembles, and drops each violation of an object holding a typo (or of
// an object above it) that the renaming makes go away. Violations the
// renaming would not fix stay, as do the typos' own.
func withoutTypoEchoes(sch *jsonschema.Schema, rs reasons, doc any, vs []Violation) []Violation {
	renamed, ok := doc, false
	var holders [][]string // the paths of the objects holding a typo
	for _, v := range vs {
		if v.Typo == "" {
			continue
		}
		parent := v.Path[:len(v.Path)-1]
		if next, did := rename(renamed, parent, v.Path[len(v.Path)-1], v.Typo); did {
			renamed, ok = next, true
			holders = append(holders, parent)
		}
	}
	if !ok {
		return vs
	}
	still := map[string]bool{}
	if ve, isVE := sch.Validate(renamed).(*jsonschema.ValidationError); isVE {
		f := flattener{reasons: rs, doc: renamed}
		f.walk(ve)
		for _, v := range f.out {
			still[violationKey(v)] = true
		}
	}
	return slices.DeleteFunc(vs, func(v Violation) bool {
		return v.Typo == "" && !v.AtKey && !still[violationKey(v)] && above(v.Path, holders)
	})
}

func violationKey(v Violation) string {
	return strings.Join(v.Path, "\x00") + "\x01" + v.Message
}

// above reports whether path is one of holders or an ancestor of one.
func above(path []string, holders [][]string) bool {
	for _, h := range holders {
		if len(path) <= len(h) && slices.Equal(path, h[:len(path)]) {
			return true
		}
	}
	return false
}

// rename returns doc with the key from of the object at path renamed to
// to, copying only what it changes; false when there is no such object, or
// it has a field named to already.
func rename(doc any, path []string, from, to string) (any, bool) {
	switch d := doc.(type) {
	case map[string]any:
		if len(path) == 0 {
			if _, taken := d[to]; taken {
				return doc, false
			}
			v, has := d[from]
			if !has {
				return doc, false
			}
			out := make(map[string]any, len(d))
			for k, x := range d {
				out[k] = x
			}
			delete(out, from)
			out[to] = v
			return out, true
		}
		child, has := d[path[0]]
		if !has {
			return doc, false
		}
		next, ok := rename(child, path[1:], from, to)
		if !ok {
			return doc, false
		}
		out := make(map[string]any, len(d))
		for k, x := range d {
			out[k] = x
		}
		out[path[0]] = next
		return out, true
	case []any:
		if len(path) == 0 {
			return doc, false
		}
		i, err := strconv.Atoi(path[0])
		if err != nil || i < 0 || i >= len(d) {
			return doc, false
		}
		next, ok := rename(d[i], path[1:], from, to)
		if !ok {
			return doc, false
		}
		out := slices.Clone(d)
		out[i] = next
		return out, true
	}
	return doc, false
}

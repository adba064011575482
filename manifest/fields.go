package manifest

import (
	"encoding/json"
	"strconv"
	"strings"
)

// Field names the manifest field (scenes[1].script) that the field at
// path of the video's request (scenes[1].input.script, in the form
// JoinPath and IndexPath write) is built from, so that a plan can say what
// changed in the words of the person who wrote the manifest. path may also
// be a field of an earlier request of the same API that this one lacks (a
// scene that was an audio file): it is named as the API builds it.
//
// It is worked out when asked, from a table per API beside the builders
// and the video's own fields, rather than noted by the builders on every
// request: a plan asks only about the videos that changed, and notes on
// every request would stay in memory for the whole run.
func (v *Video) Field(path string) string {
	if f := v.optionField(path); f != "" {
		return f
	}
	if f, index, _, ok := lookupField(v.api.Format, path); ok {
		return f.name(v, index)
	}
	return JoinPath("provider_options", path)
}

// optionField is the provider_options field that set the request field at
// path (or a field holding it), or "" if provider_options did not.
func (v *Video) optionField(path string) string {
	var cur any = v.ProviderOptions
	at := ""
	for _, key := range pathKeys(path) {
		m, ok := cur.(map[string]any)
		if !ok {
			return JoinPath("provider_options", at) // a value of provider_options replaced what was below it
		}
		if cur, ok = m[key]; !ok {
			return ""
		}
		at = JoinPath(at, key)
	}
	if _, ok := cur.(map[string]any); ok {
		return "" // merged into the builder's fields: the fields below it say
	}
	return JoinPath("provider_options", at)
}

// pathKeys splits a request path into its keys and indices ("[1]").
func pathKeys(path string) []string {
	var keys []string
	for path != "" {
		end := strings.IndexAny(path[1:], ".[") + 1
		if end == 0 {
			end = len(path)
		}
		keys = append(keys, strings.TrimPrefix(path[:end], "."))
		path = path[end:]
	}
	return keys
}

// requestField is what an API's builder writes at one request path, as
// far as the path tells.
type requestField struct {
	// field is the manifest field, "scenes[#].script" with # the path's
	// index (0 for a one-scene request, which speaks for scene 0).
	field string
	// copied says the request holds the manifest's value as written, so
	// two APIs' requests can be compared on it.
	copied bool
	// resolve, if set, names the field for a video: the scene's own voice
	// or background, the avatar's kind. It is given the path's index.
	resolve func(v *Video, i int) string
}

// name is f's manifest field for v at index.
func (f requestField) name(v *Video, index string) string {
	i, err := strconv.Atoi(index)
	if f.resolve != nil && err == nil && i < len(v.Scenes) {
		return f.resolve(v, i)
	}
	return strings.Replace(f.field, "#", index, 1)
}

// lookupField finds path's entry in format's table, or its nearest
// ancestor's (exact is false then), with the path's first index.
func lookupField(format *Format, path string) (f requestField, index string, exact, ok bool) {
	general, index := generalize(path)
	for p := general; p != ""; p = parentPath(p) {
		if f, ok := format.fields[p]; ok {
			return f, index, p == general, true
		}
	}
	return requestField{}, "", false, false
}

// generalize writes path's list indices as [#] and returns the first one
// ("0" if it has none).
func generalize(path string) (string, string) {
	var out strings.Builder
	index := ""
	for {
		open := strings.IndexByte(path, '[')
		end := strings.IndexByte(path, ']')
		if open < 0 || end < open {
			break
		}
		if index == "" {
			index = path[open+1 : end]
		}
		out.WriteString(path[:open] + "[#]")
		path = path[end+1:]
	}
	out.WriteString(path)
	return out.String(), cmpOr(index, "0")
}

// Copies is, for a decoded request body of format f, the value (as JSON) of
// each manifest field the body holds as written, by the field's name: what
// two requests of different APIs can be compared on. A field whose copies
// disagree (a scene with its own voice) is left out: it cannot be told.
func Copies(f *Format, body any) map[string]string {
	out := map[string]string{}
	mixed := map[string]bool{}
	var visit func(path string, v any)
	visit = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				visit(JoinPath(path, k), x)
			}
		case []any:
			for i, x := range v {
				visit(IndexPath(path, i), x)
			}
		default:
			rf, index, exact, _ := lookupField(f, path)
			if !exact || !rf.copied {
				return
			}
			name := strings.Replace(rf.field, "#", index, 1)
			value, _ := json.Marshal(v)
			if was, ok := out[name]; ok && was != string(value) {
				mixed[name] = true
			}
			out[name] = string(value)
		}
	}
	visit("", body)
	for f := range mixed {
		delete(out, f)
	}
	return out
}

// JoinPath is the path of field key below path.
func JoinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// IndexPath is the path of element i of the list at path.
func IndexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// parentPath is path without its last key or index; "" at the top.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// fieldPath writes a manifest path as its errors name it: scenes[1].script.
func fieldPath(path ...string) string {
	var s strings.Builder
	for _, tok := range path {
		if tok != "" && strings.Trim(tok, "0123456789") == "" {
			s.WriteString("[" + tok + "]")
			continue
		}
		if s.Len() > 0 {
			s.WriteByte('.')
		}
		s.WriteString(tok)
	}
	return s.String()
}

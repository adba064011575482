package manifest

import (
	"reflect"
	"strconv"
	"strings"
)

// Sources maps a request's field paths ("scenes[1].input.script") to the
// manifest fields they were built from ("scenes[1].script"), so a plan can
// say what changed in the words of the person who wrote the manifest
// rather than in the provider's. It is kept beside the request, never in
// its render key: where a value came from changes no pixel.
type Sources map[string]string

// note is one request field's source as the builder set it: field key of
// map m came from the manifest field from.
type note struct {
	m    map[string]any
	key  string
	from string
}

// from records that field key of m, which the builder has just set, was
// built from the manifest field at path.
func (b *builder) from(m map[string]any, key string, path ...string) {
	b.notes = append(b.notes, note{m, key, FieldPath(path...)})
}

// fromVoice records that field key of m is scene i's voice field.
func (b *builder) fromVoice(m map[string]any, key string, i int, field string) {
	b.from(m, key, voicePath(b.v, i, field)...)
}

// FieldPath writes a manifest path as its errors name it: scenes[1].script.
func FieldPath(path ...string) string {
	var s strings.Builder
	for _, tok := range path {
		if _, err := strconv.Atoi(tok); err == nil && s.Len() > 0 {
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

// sources places the builder's notes at their paths in body. A note
// names its map, not its path: a helper fills a map before its caller
// decides where the map goes.
func (b *builder) sources(body map[string]any) Sources {
	byMap := map[uintptr][]note{}
	for _, n := range b.notes {
		id := reflect.ValueOf(n.m).Pointer()
		byMap[id] = append(byMap[id], n)
	}
	s := Sources{}
	var place func(path string, v any)
	place = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for _, n := range byMap[reflect.ValueOf(v).Pointer()] {
				if _, ok := v[n.key]; ok {
					s[JoinPath(path, n.key)] = n.from
				}
			}
			for k, x := range v {
				place(JoinPath(path, k), x)
			}
		case []any:
			for i, x := range v {
				place(IndexPath(path, i), x)
			}
		}
	}
	place("", body)
	return s
}

// overlay records the fields provider_options sets, over what the
// builder set at and below them.
func (s Sources) overlay(opts map[string]any) {
	built := make([]string, 0, len(s))
	for p := range s {
		built = append(built, p)
	}
	set := map[string]bool{}
	optionLeaves("", opts, set)
	for p := range set {
		s[p] = JoinPath("provider_options", p)
	}
	for _, p := range built {
		for a := parentPath(p); a != ""; a = parentPath(a) {
			if set[a] {
				delete(s, p)
				break
			}
		}
	}
}

// optionLeaves adds the paths of v's values that are not mappings: the
// fields a provider_options value replaces rather than merges into.
func optionLeaves(path string, v any, leaves map[string]bool) {
	m, ok := v.(map[string]any)
	if !ok {
		leaves[path] = true
		return
	}
	for k, x := range m {
		optionLeaves(JoinPath(path, k), x, leaves)
	}
}

// JoinPath is the path of field key below path, as plan's diff writes it.
func JoinPath(path, key string) string {
	if path == "" {
		return key
	}
	return path + "." + key
}

// IndexPath is the path of element i of the list at path.
func IndexPath(path string, i int) string { return path + "[" + strconv.Itoa(i) + "]" }

// under reports whether path p lies below path anc.
func under(p, anc string) bool {
	return len(p) > len(anc) && strings.HasPrefix(p, anc) && (p[len(anc)] == '.' || p[len(anc)] == '[')
}

// parentPath is path without its last field or index; "" at the top.
func parentPath(path string) string {
	i := strings.LastIndexAny(path, ".[")
	if i < 0 {
		return ""
	}
	return path[:i]
}

// Field names the manifest field the request field at path (as plan's
// diff writes it) was built from: what the builder recorded for it or for
// the object holding it; for a path this request lacks (the last render's
// request had it), the fields below it, else what its API builds there;
// anything else came from provider_options.
func (req *Request) Field(path string) string {
	if f := req.sources.at(path); f != "" {
		return f
	}
	if f := req.sources.below(path); f != "" {
		return f
	}
	if f := StaticField(req.API, path); f != "" {
		return f
	}
	return JoinPath("provider_options", path)
}

// at is what the builder noted for path, or for the object holding it.
func (s Sources) at(path string) string {
	for p := path; p != ""; p = parentPath(p) {
		if f, ok := s[p]; ok {
			return f
		}
	}
	return ""
}

// below is the manifest field common to the fields recorded below path:
// a scene added or removed is its scene, a list of scenes that grew is
// scenes.
func (s Sources) below(path string) string {
	common, found := "", false
	for p, f := range s {
		if !under(p, path) {
			continue
		}
		if !found {
			common, found = f, true
			continue
		}
		for common != "" && common != f && !under(f, common) {
			common = parentPath(common)
		}
	}
	return common
}

// dimensionPath is where the frame's field came from: the preset's field,
// or dimension for a frame given as width and height.
func (b *builder) dimensionPath(field string) []string {
	if b.v.Dimension.Width > 0 {
		return []string{"dimension"}
	}
	return []string{"dimension", field}
}

// talkingStylePath is where scene i's talking style was set.
func talkingStylePath(v *Video, i int) []string {
	if v.Scenes[i].TalkingStyle != "" {
		return sceneP(i, "talking_style")
	}
	return []string{"style", "talking_style"}
}

// avatarPath is the avatar field a video names its avatar with.
func avatarPath(v *Video) []string {
	switch {
	case v.Avatar.Image != "":
		return []string{"avatar", "image"}
	case v.Avatar.ID != "":
		return []string{"avatar", "id"}
	}
	return []string{"avatar", "talking_photo"}
}

// fromAll records that every field of m came from the manifest field at
// path, and returns m.
func (b *builder) fromAll(m map[string]any, path ...string) map[string]any {
	for k := range m {
		b.from(m, k, path...)
	}
	return m
}

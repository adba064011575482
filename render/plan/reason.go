package plan

import (
	"cmp"
	"fmt"
	"strings"
)

// mostFields is how many changed fields a reason names before "and N more".
const mostFields = 3

// changedFields names the changed fields for a one-line reason, in the
// manifest's words: each field once, the fields of one object by the
// object when several of them changed (voice.id and voice.speed: voice),
// at most a few, then how many more.
func changedFields(cs []Change) string {
	names := fieldNames(cs)
	if len(names) > mostFields {
		names = append(names[:mostFields], fmt.Sprintf("and %d more", len(names)-mostFields))
	}
	return strings.Join(names, ", ")
}

// fieldNames is the distinct fields of cs, grouped by object, in order.
func fieldNames(cs []Change) []string {
	var fields []string
	seen := map[string]bool{}
	members := map[string]int{}
	for _, c := range cs {
		if !seen[c.Field] {
			seen[c.Field] = true
			fields = append(fields, c.Field)
			members[object(c.Field)]++
		}
	}
	named := map[string]bool{}
	for _, f := range fields {
		if o := object(f); o != "" && members[o] > 1 {
			f = o
		}
		named[f] = true
	}
	var out []string
	for _, f := range fields {
		if o := object(f); o != "" && members[o] > 1 {
			f = o
		}
		if named[f] && !namedAbove(f, named) {
			out = append(out, f)
			named[f] = false // listed
		}
	}
	return out
}

// object is the object field f belongs to (voice for voice.id,
// scenes[1].voice for scenes[1].voice.id), or "" for a field of the video
// or of a scene, which are not grouped: a scene's script and motion are
// two things to say.
func object(f string) string {
	i := strings.LastIndexByte(f, '.')
	if i < 0 || strings.HasSuffix(f[:i], "]") {
		return ""
	}
	return f[:i]
}

// namedAbove reports whether a field holding f is named too.
func namedAbove(f string, named map[string]bool) bool {
	for p := parentField(f); p != ""; p = parentField(p) {
		if _, ok := named[p]; ok {
			return true
		}
	}
	return false
}

func parentField(f string) string {
	i := strings.LastIndexAny(f, ".[")
	if i < 0 {
		return ""
	}
	return f[:i]
}

// compareFields orders field names as a person reads them: scenes[2]
// before scenes[10].
func compareFields(a, b string) int {
	for a != "" && b != "" {
		na, nb := digits(a), digits(b)
		if na > 0 && nb > 0 {
			if c := cmp.Or(cmp.Compare(na, nb), strings.Compare(a[:na], b[:nb])); c != 0 {
				return c
			}
			a, b = a[na:], b[nb:]
			continue
		}
		if a[0] != b[0] {
			return cmp.Compare(a[0], b[0])
		}
		a, b = a[1:], b[1:]
	}
	return cmp.Compare(len(a), len(b))
}

// digits is the length of s's leading run of digits.
func digits(s string) int {
	n := 0
	for n < len(s) && s[n] >= '0' && s[n] <= '9' {
		n++
	}
	return n
}

// Package suggest finds the name a mistyped one was meant to be: a field
// of a manifest, a value of an enum, a command or a flag. A "did you mean"
// that names the right thing saves a trip to the docs; one that names the
// wrong thing misleads, so a suggestion is made only when it is close.
package suggest

import "strings"

// Closest returns the name in known that name most likely misspells, or ""
// when none is near. Case is ignored. A name is near when it is at most two
// edits away (one, for a name of three characters or fewer), a swap of two
// letters counting as one edit, or when it is the start of exactly one
// known name (val for validate). A name that differs only in its digits
// (4:3 for 4:5, v4 for v3) is another value, not a typo: none is offered.
// Ties go to the earlier name in known.
func Closest(name string, known []string) string {
	if name == "" {
		return ""
	}
	lower := strings.ToLower(name)
	limit := 2
	if len(lower) <= 3 {
		limit = 1
	}
	best, bestD := "", limit+1
	for _, k := range known {
		kl := strings.ToLower(k)
		if kl != lower && digitsOnly(lower, kl) {
			continue
		}
		if d := distance(lower, kl); d < bestD {
			best, bestD = k, d
		}
	}
	if best != "" {
		return best
	}
	return onlyPrefix(lower, known)
}

// onlyPrefix is the one name in known that starts with name (three
// characters or more), or "".
func onlyPrefix(name string, known []string) string {
	if len(name) < 3 {
		return ""
	}
	found := ""
	for _, k := range known {
		if strings.HasPrefix(strings.ToLower(k), name) {
			if found != "" {
				return ""
			}
			found = k
		}
	}
	return found
}

// digitsOnly reports whether a and b differ in their digits alone.
func digitsOnly(a, b string) bool {
	strip := func(s string) string {
		return strings.Map(func(r rune) rune {
			if '0' <= r && r <= '9' {
				return -1
			}
			return r
		}, s)
	}
	return strip(a) == strip(b)
}

// distance is the optimal string alignment distance between a and b: the
// fewest insertions, deletions, substitutions and swaps of two adjacent
// bytes that turn one into the other.
func distance(a, b string) int {
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

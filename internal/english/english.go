// Package english writes counts and lists as a person reads them: "1
// video", "3 lock entries", "a, b and c". Every message of reel that holds
// a count or a list goes through it, so none says "1 videos" or prints a
// Go slice ("[a b]").
package english

import (
	"strconv"
	"strings"
)

// Plural is noun as it goes with a count of n: as it is for 1, else its
// plural (video, videos; entry, entries; match, matches).
func Plural[N Integer](n N, noun string) string {
	if n == 1 || noun == "" {
		return noun
	}
	switch last := noun[len(noun)-1]; {
	case last == 'y' && len(noun) > 1 && !strings.ContainsRune("aeiou", rune(noun[len(noun)-2])):
		return noun[:len(noun)-1] + "ies"
	case last == 's' || last == 'x' || last == 'z' || strings.HasSuffix(noun, "ch") || strings.HasSuffix(noun, "sh"):
		return noun + "es"
	}
	return noun + "s"
}

// Count is n and the noun that goes with it: "1 video", "2 videos". The
// noun's first word is the one counted: "lock entry" gives "2 lock entries".
func Count[N Integer](n N, noun string) string {
	return strconv.FormatInt(int64(n), 10) + " " + Plural(n, noun)
}

// Them is the pronoun for n things: "it" for one, else "them".
func Them[N Integer](n N) string {
	if n == 1 {
		return "it"
	}
	return "them"
}

// Integer is what can be counted.
type Integer interface {
	~int | ~int64 | ~int32 | ~uint32
}

// And joins items as a sentence lists them: "a", "a and b", "a, b and c".
func And(items []string) string { return join(items, "and") }

// Or is And with "or": "a, b or c".
func Or(items []string) string { return join(items, "or") }

func join(items []string, word string) string {
	switch len(items) {
	case 0:
		return ""
	case 1:
		return items[0]
	}
	return strings.Join(items[:len(items)-1], ", ") + " " + word + " " + items[len(items)-1]
}

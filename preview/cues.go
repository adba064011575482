package preview

import (
	"strings"
	"unicode/utf8"
)

// span is when a scene plays in the draft, in seconds from its start.
type span struct{ start, end float64 }

// spans lays scenes of these lengths end to end.
func spans(lengths []float64) []span {
	out := make([]span, len(lengths))
	t := 0.0
	for i, l := range lengths {
		out[i] = span{t, t + l}
		t += l
	}
	return out
}

// cue is one caption: its words and when they show.
type cue struct {
	start, end float64
	text       string
}

// cueWords and cueChars bound one caption, as HeyGen's captions show a
// short phrase at a time.
const (
	cueWords = 8
	cueChars = 42
)

// captionCues are the captions of the script scenes, timed from the
// script's measured speech: each scene's phrases share its span by their
// length in characters, which follows speech more closely than an even
// share.
func captionCues(scenes []Scene, at []span) []cue {
	var out []cue
	for i, s := range scenes {
		if s.Script == "" {
			continue
		}
		phrases := phrasesOf(s.Script)
		total := 0
		for _, p := range phrases {
			total += utf8.RuneCountInString(p) + 1
		}
		t, sp := at[i].start, at[i]
		for _, p := range phrases {
			d := (sp.end - sp.start) * float64(utf8.RuneCountInString(p)+1) / float64(total)
			out = append(out, cue{start: t, end: t + d, text: p})
			t += d
		}
	}
	return out
}

// phrasesOf splits a script into phrases of at most cueWords words and,
// where words allow, cueChars characters, ending a phrase early after a
// sentence's end.
func phrasesOf(script string) []string {
	var out []string
	var cur []string
	n := 0
	flush := func() {
		if len(cur) > 0 {
			out = append(out, strings.Join(cur, " "))
			cur, n = nil, 0
		}
	}
	for _, w := range strings.Fields(script) {
		wl := utf8.RuneCountInString(w)
		if len(cur) > 0 && (len(cur) == cueWords || n+1+wl > cueChars) {
			flush()
		}
		cur = append(cur, w)
		n += wl + 1
		if strings.ContainsAny(w[len(w)-1:], ".!?") {
			flush()
		}
	}
	flush()
	return out
}

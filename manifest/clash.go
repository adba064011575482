package manifest

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// A Clash is two videos that cannot both be made: they have one id, or
// their outputs are one file, or one output is a folder the other is
// written in, on some file system a checkout may live on.
type Clash struct {
	Err Error // reported at Video; it names Other and where Other is
	Video,
	Other *Video
}

// Clashes finds every clash among videos. Each is reported once, at the
// video whose manifest path (then id) sorts later, or for an output inside
// another, at the deeper one: an error names the other video's file, line
// and column, so both are found from one line.
func Clashes(root string, videos []*Video) []Clash {
	sorted := slices.Clone(videos)
	slices.SortFunc(sorted, func(a, b *Video) int { return cmp.Or(strings.Compare(a.File, b.File), strings.Compare(a.ID, b.ID)) })
	var out []Clash
	ids := make(map[string]*Video, len(sorted))
	outs := make(map[string]*Video, len(sorted)) // by foldOutput
	var kept []*Video                            // unique ids, their outputs in outs
	for _, v := range sorted {
		if prev, ok := ids[v.ID]; ok {
			out = append(out, Clash{Error{Pos: v.Pos(), Msg: fmt.Sprintf("video id %q is also the id of %s: rename one of the files", v.ID, relPath(root, prev.File))}, v, prev})
			continue
		}
		ids[v.ID] = v
		key := foldOutput(v.Output)
		if prev, ok := outs[key]; ok {
			out = append(out, Clash{v.errorf([]string{"output"}, "%q %s video %q (%s): give one of them another output", v.Output, sameFile(v.Output, prev.Output), prev.ID, where(root, prev)), v, prev})
			continue
		}
		outs[key] = v
		kept = append(kept, v)
	}
	for _, v := range kept {
		for i := strings.IndexByte(v.Output, '/'); i >= 0; i = next(v.Output, i) {
			// folding keeps every '/' and changes nothing across one
			if file, ok := outs[foldOutput(v.Output[:i])]; ok {
				as := ""
				if file.Output != v.Output[:i] {
					as = fmt.Sprintf(" as %s (one path on %s)", shownApart(file.Output, v.Output[:i]), systems(file.Output, v.Output[:i]))
				}
				out = append(out, Clash{v.errorf([]string{"output"}, "%q is written in the folder %s, which is the output of video %q (%s)%s: a path cannot be both a file and a folder; give one of them another output", v.Output, shownApart(v.Output[:i], file.Output), file.ID, where(root, file), as), v, file})
				break
			}
		}
	}
	return out
}

// next is the index of the first '/' in s after i, or -1.
func next(s string, i int) int {
	if j := strings.IndexByte(s[i+1:], '/'); j >= 0 {
		return i + 1 + j
	}
	return -1
}

// sameFile says how output a is one file with b.
func sameFile(a, b string) string {
	switch {
	case a == b:
		return "is also the output of"
	case strings.EqualFold(a, b):
		return fmt.Sprintf("differs only in case from %q (one file on macOS and Windows), the output of", b)
	case norm.NFC.String(a) == norm.NFC.String(b):
		return fmt.Sprintf("(%s) differs only in Unicode normalization from %s (an accent written as part of its letter or after it: one file on macOS), the output of", strconv.QuoteToASCII(a), strconv.QuoteToASCII(b))
	}
	return fmt.Sprintf("(%s) differs only in case and Unicode normalization from %s (one file on macOS), the output of", strconv.QuoteToASCII(a), strconv.QuoteToASCII(b))
}

// systems names the file systems on which two different paths are one.
func systems(a, b string) string {
	if strings.EqualFold(a, b) {
		return "macOS and Windows"
	}
	return "macOS"
}

// shownApart quotes a so that it can be told apart from b: as Go quotes
// it, or with every rune past ASCII escaped when the two differ in
// normalization only and would look alike.
func shownApart(a, b string) string {
	if a != b && strings.ToLower(norm.NFC.String(a)) == strings.ToLower(norm.NFC.String(b)) && !strings.EqualFold(a, b) {
		return strconv.QuoteToASCII(a)
	}
	return strconv.Quote(a)
}

// where is a video's output field as file:line:col relative to root.
func where(root string, v *Video) string {
	p := v.Pos("output")
	return fmt.Sprintf("%s:%d:%d", relPath(root, p.File), max(p.Line, 1), max(p.Col, 1))
}

// foldOutput is an output path in the form in which two paths that name
// one file on some file system are equal: macOS and Windows compare names
// regardless of case, and macOS regardless of Unicode normalization (é
// written as one character or as e and an accent). Most outputs are
// lower-case ASCII and come back as they are.
func foldOutput(s string) string {
	upper := false
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= utf8.RuneSelf:
			return norm.NFC.String(strings.ToLower(norm.NFD.String(s)))
		case 'A' <= c && c <= 'Z':
			upper = true
		}
	}
	if upper {
		return strings.ToLower(s)
	}
	return s
}

// OutputClaims are the outputs of some videos, folded (see foldOutput), to
// find another video's output that clashes with one of them without
// holding every video: a re-plan of a few edited manifests checks their
// outputs against the outputs of the snapshot's plan.
type OutputClaims []string

// ClaimOutputs returns the claims of the videos' outputs.
func ClaimOutputs(videos []*Video) OutputClaims {
	c := make(OutputClaims, len(videos))
	for i, v := range videos {
		c[i] = foldOutput(v.Output)
	}
	return c
}

// Clash reports whether out is one file with a claimed output, or is a
// folder one is written in, or is written in a folder one is.
func (c OutputClaims) Clash(out string) bool {
	if len(c) == 0 {
		return false
	}
	out = foldOutput(out)
	for _, claim := range c {
		short, long := claim, out
		if len(short) > len(long) {
			short, long = long, short
		}
		if strings.HasPrefix(long, short) && (len(long) == len(short) || long[len(short)] == '/') {
			return true
		}
	}
	return false
}

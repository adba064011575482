package data

import (
	"bytes"
	"sort"
	"unicode/utf8"
)

// lines turns byte offsets into lines and columns in characters.
type lines struct {
	b     []byte
	start []int // offset of each line's first byte
}

func newLines(b []byte) lines {
	l := lines{b: b, start: make([]int, 1, bytes.Count(b, []byte("\n"))+1)}
	for off := 0; ; {
		i := bytes.IndexByte(b[off:], '\n')
		if i < 0 {
			return l
		}
		off += i + 1
		l.start = append(l.start, off)
	}
}

// at is the position of the byte at offset off.
func (l lines) at(off int) Pos {
	i := sort.Search(len(l.start), func(i int) bool { return l.start[i] > off }) - 1
	return Pos{i + 1, 1 + utf8.RuneCount(l.b[l.start[i]:off])}
}

// runes turns a line and a column in bytes (as encoding/csv counts them)
// into a position in characters.
func (l lines) runes(line, byteCol int) Pos {
	if line < 1 || line > len(l.start) {
		return Pos{line, byteCol}
	}
	start := l.start[line-1]
	end := min(start+byteCol-1, len(l.b))
	return Pos{line, 1 + utf8.RuneCount(l.b[start:max(end, start)])}
}

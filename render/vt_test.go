package render

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// vt is a tiny terminal, enough to replay what the live view writes and
// look at the screen it leaves: text with auto-wrap (xterm's: a line that
// fills the last column wraps when the next character comes), "\n" as a
// terminal's line discipline turns it into "\r\n", "\r", and the escape
// sequences cursor up (CSI n A), erase below (CSI J) and erase line (CSI
// K). Any other sequence fails the test: the emulation must not pass what
// it does not model. A resize rewraps the lines, as tmux, VTE and iTerm2
// do, and the cursor moves with its text; cursor up cannot leave the
// screen's top, as on a real terminal.
type vt struct {
	t            *testing.T
	mu           sync.Mutex
	cols, height int
	rows         []vtRow
	y, x         int // the cursor; x == cols: the last column is full, the next character wraps
	written      int // Write calls
}

// vtRow is one row of the screen or of the scrollback above it.
type vtRow struct {
	cells   []rune // a wide rune is followed by a 0 for its second cell
	wrapped bool   // the line goes on in the next row
	cols    int    // the terminal's width when the line was started
}

func newVT(t *testing.T, cols, height int) *vt {
	return &vt{t: t, cols: cols, height: height, rows: []vtRow{{cols: cols}}}
}

// size is the terminal's size, as Live reads it.
func (v *vt) size() (int, int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.cols, v.height
}

// writes counts the writes so far.
func (v *vt) writes() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.written
}

func (v *vt) Write(p []byte) (int, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.written++
	s := string(p)
	for i := 0; i < len(s); {
		switch {
		case s[i] == 0x1b:
			i += v.escape(s[i:])
		case s[i] == '\n':
			v.newline()
			i++
		case s[i] == '\r':
			v.x = 0
			i++
		case s[i] < 0x20 || s[i] == 0x7f:
			v.t.Errorf("vt: control character %q written", s[i])
			i++
		default:
			r, n := utf8.DecodeRuneInString(s[i:])
			v.put(r)
			i += n
		}
	}
	return len(p), nil
}

// escape carries out the escape sequence s starts with and returns its
// length.
func (v *vt) escape(s string) int {
	n := escapeLen(s)
	seq := s[:n]
	if len(seq) < 3 || seq[1] != '[' {
		v.t.Errorf("vt: escape sequence %q not modelled", seq) // Errorf: Write runs on the view's goroutine too
		return n
	}
	arg, final := seq[2:len(seq)-1], seq[len(seq)-1]
	switch {
	case final == 'A':
		k := 1
		if arg != "" {
			k, _ = strconv.Atoi(arg)
		}
		v.y = max(v.y-max(k, 1), v.top())
		v.x = min(v.x, v.cols-1)
	case final == 'J' && (arg == "" || arg == "0"):
		v.eraseLine()
		for y := v.y + 1; y < len(v.rows); y++ {
			v.rows[y] = vtRow{cols: v.cols}
		}
	case final == 'K' && (arg == "" || arg == "0"):
		v.eraseLine()
	default:
		v.t.Errorf("vt: escape sequence %q not modelled", seq)
	}
	return n
}

// top is the first row of the screen; the rows above it have scrolled off.
func (v *vt) top() int { return max(len(v.rows)-v.height, 0) }

func (v *vt) eraseLine() {
	r := &v.rows[v.y]
	if v.x < len(r.cells) {
		r.cells = r.cells[:v.x]
	}
	r.wrapped = false
}

func (v *vt) newline() {
	v.x = 0
	v.y++
	if v.y == len(v.rows) {
		v.rows = append(v.rows, vtRow{cols: v.cols})
	}
}

func (v *vt) put(r rune) {
	w := runeWidth(r)
	if w == 0 {
		return // a combining mark rides on the cell before it
	}
	if v.x+w > v.cols {
		v.rows[v.y].wrapped = true
		v.newline()
	}
	row := &v.rows[v.y]
	if len(row.cells) == 0 {
		row.cols = v.cols
	}
	if v.x < len(row.cells) {
		v.t.Errorf("vt: %q written over %q at row %d, column %d", r, string(row.cells[v.x:]), v.y, v.x)
		row.cells = row.cells[:v.x]
	}
	for len(row.cells) < v.x {
		row.cells = append(row.cells, ' ')
	}
	row.cells = append(row.cells, r)
	if w == 2 {
		row.cells = append(row.cells, 0)
	}
	v.x += w
}

// resize makes the terminal cols wide and rewraps every line at that
// width, the cursor with its text.
func (v *vt) resize(cols int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	type line struct {
		cells []rune
		cols  int
	}
	var lines []line
	cursorLine, cursorAt := 0, 0
	for y, r := range v.rows {
		if y == 0 || !v.rows[y-1].wrapped {
			lines = append(lines, line{cols: r.cols})
		}
		l := &lines[len(lines)-1]
		if y == v.y {
			cursorLine, cursorAt = len(lines)-1, len(l.cells)+v.x
		}
		l.cells = append(l.cells, r.cells...)
	}
	v.cols, v.rows = cols, nil
	for i, l := range lines {
		start := len(v.rows)
		row := vtRow{cols: l.cols}
		for _, c := range l.cells {
			if len(row.cells) == cols || len(row.cells) == cols-1 && c != 0 && runeWidth(c) == 2 {
				row.wrapped = true
				v.rows = append(v.rows, row)
				row = vtRow{cols: l.cols}
			}
			row.cells = append(row.cells, c)
		}
		v.rows = append(v.rows, row)
		if i == cursorLine {
			v.y, v.x = start+cursorAt/cols, cursorAt%cols
		}
	}
}

// lines are the screen's and scrollback's lines, as a person reads them:
// a wrapped line whole, trailing blanks dropped, empty lines left out;
// each with the terminal's width when it was written.
func (v *vt) lines() (texts []string, widths []int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	var b strings.Builder
	started := 0
	for y, r := range v.rows {
		if b.Len() == 0 {
			started = r.cols
		}
		for _, c := range r.cells {
			if c != 0 {
				b.WriteRune(c)
			}
		}
		if r.wrapped && y+1 < len(v.rows) {
			continue
		}
		if s := strings.TrimRight(b.String(), " "); s != "" {
			texts, widths = append(texts, s), append(widths, started)
		}
		b.Reset()
	}
	return texts, widths
}

// The emulation itself: wrap, cursor up within the screen, erase, and a
// resize that rewraps.
func TestVT(t *testing.T) {
	v := newVT(t, 10, 4)
	v.Write([]byte("0123456789abc\nxy\n"))
	if got, _ := v.lines(); strings.Join(got, "|") != "0123456789abc|xy" {
		t.Fatalf("wrapped: %q", got)
	}
	v.Write([]byte("\r\x1b[3A\x1b[J"))
	if got, _ := v.lines(); len(got) != 0 {
		t.Fatalf("after moving up over the three rows and erasing: %q", got)
	}
	v.Write([]byte("日本語日本語\nend\n"))
	v.resize(4)
	if got, _ := v.lines(); strings.Join(got, "|") != "日本語日本語|end" {
		t.Fatalf("after a resize: %q", got)
	}
	v.Write([]byte("\x1b[9A"))
	if v.y != v.top() {
		t.Fatalf("cursor up went past the screen's top: row %d, top %d", v.y, v.top())
	}
}

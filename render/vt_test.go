package render

import (
	"strconv"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"
)

// vt is a tiny terminal modelled on tmux (where the live view's copies
// were seen), enough to replay what the view writes and look at what it
// leaves: text with auto-wrap (a line that fills the last column wraps
// when the next character comes), "\n" as the line discipline turns it
// into "\r\n", "\r", and the sequences cursor up and down (CSI n A, CSI
// B), erase below (CSI J) and erase in line (CSI K, CSI 2 K). Any other
// sequence fails the test: the emulation must not pass what it does not
// model. As in tmux:
//   - cursor up stops at the screen's top: rows that scrolled into the
//     history above it cannot be reached;
//   - erase below from the screen's top-left corner is a clear, and the
//     screen is scrolled into the history first (tmux's scroll-on-clear);
//   - a resize rewraps every line and keeps the cursor on its screen row,
//     pushing rows into the history (or taking them back) to do so.
type vt struct {
	t            *testing.T
	mu           sync.Mutex
	cols, height int
	rows         []vtRow // the history, then the screen from rows[top]
	top          int
	y, x         int // the cursor, y in rows; x == cols: the last column is full, the next character wraps
	written      int // Write calls
}

// vtRow is one row of the screen or of the history.
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
// length. (Errorf, not Fatalf: Write runs on the view's goroutine too.)
func (v *vt) escape(s string) int {
	n := escapeLen(s)
	seq := s[:n]
	if len(seq) < 3 || seq[1] != '[' {
		v.t.Errorf("vt: escape sequence %q not modelled", seq)
		return n
	}
	arg, final := seq[2:len(seq)-1], seq[len(seq)-1]
	k, err := strconv.Atoi(arg)
	if arg == "" || err != nil {
		k = 0
	}
	switch {
	case final == 'A':
		v.y = max(v.y-max(k, 1), v.top)
		v.x = min(v.x, v.cols-1)
	case final == 'B':
		v.y = min(v.y+max(k, 1), v.top+v.height-1, len(v.rows)-1)
		v.x = min(v.x, v.cols-1)
	case final == 'J' && (arg == "" || arg == "0"):
		v.eraseBelow()
	case final == 'K' && (arg == "" || arg == "0"):
		v.eraseLine(v.x)
	case final == 'K' && arg == "2":
		v.eraseLine(0)
		v.rows[v.y].cells = v.rows[v.y].cells[:0]
	default:
		v.t.Errorf("vt: escape sequence %q not modelled", seq)
	}
	return n
}

func (v *vt) eraseBelow() {
	if v.y == v.top && v.x == 0 { // a clear: tmux scrolls the screen into the history first
		last := -1
		for y := v.top; y < len(v.rows); y++ {
			if len(v.rows[y].cells) > 0 {
				last = y
			}
		}
		if last >= 0 {
			v.top = last + 1
			for len(v.rows) <= v.top {
				v.rows = append(v.rows, vtRow{cols: v.cols})
			}
			v.y = v.top
			return
		}
	}
	v.eraseLine(v.x)
	v.rows = v.rows[:v.y+1]
}

func (v *vt) eraseLine(from int) {
	r := &v.rows[v.y]
	if from < len(r.cells) {
		r.cells = r.cells[:from]
	}
	r.wrapped = false
}

func (v *vt) newline() {
	v.x = 0
	v.y++
	if v.y == len(v.rows) {
		v.rows = append(v.rows, vtRow{cols: v.cols})
	}
	if v.y >= v.top+v.height {
		v.top++
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
	if v.x == 0 {
		row.cols = v.cols
	}
	for len(row.cells) < v.x {
		row.cells = append(row.cells, ' ')
	}
	cells := []rune{r}
	if w == 2 {
		cells = append(cells, 0)
	}
	for i, c := range cells {
		if v.x+i < len(row.cells) {
			row.cells[v.x+i] = c
		} else {
			row.cells = append(row.cells, c)
		}
	}
	v.x += w
}

// resize makes the terminal cols wide: every line is rewrapped at that
// width, and the cursor keeps its row on the screen, the rows above it
// going into the history or coming back from it.
func (v *vt) resize(cols int) {
	v.mu.Lock()
	defer v.mu.Unlock()
	type line struct {
		cells []rune
		cols  int
	}
	var lines []line
	cursorLine, cursorAt, onScreen := 0, 0, v.y-v.top
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
	v.rows = v.rows[:v.y+1] // below the cursor: blank, as the view leaves it
	v.top = max(v.y-onScreen, 0)
}

// lines are the history's and the screen's lines, as a person reads them:
// a wrapped line whole, trailing blanks dropped, empty lines left out;
// each with the terminal's width when it was written, and whether it is
// on the screen (or in the history).
func (v *vt) lines() (texts []string, widths []int, shown []bool) {
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
			texts, widths, shown = append(texts, s), append(widths, started), append(shown, y >= v.top)
		}
		b.Reset()
	}
	return texts, widths, shown
}

// The emulation itself.
func TestVT(t *testing.T) {
	text := func(v *vt) string { l, _, _ := v.lines(); return strings.Join(l, "|") }
	v := newVT(t, 10, 4)
	v.Write([]byte("0123456789abc\nxy\n"))
	if got := text(v); got != "0123456789abc|xy" {
		t.Fatalf("wrapped: %q", got)
	}
	v.Write([]byte("\r\x1b[2A\x1b[J"))
	if got := text(v); got != "0123456789" {
		t.Fatalf("after moving up two rows and erasing below: %q", got)
	}
	v.Write([]byte("\r\x1b[9A"))
	if v.y != v.top {
		t.Fatalf("cursor up went past the screen's top: row %d, top %d", v.y, v.top)
	}
	v.Write([]byte("\x1b[J")) // a clear at the top-left: into the history
	if got := text(v); got != "0123456789" || v.top != 1 {
		t.Fatalf("after a clear at the top-left: %q, top %d", got, v.top)
	}
	v = newVT(t, 10, 4)
	v.Write([]byte("one\ntwo\n"))
	v.Write([]byte("\r\x1b[2AONE\x1b[K\x1b[B\r\x1b[2K"))
	if got := text(v); got != "ONE" {
		t.Fatalf("after overwriting a line and erasing the next: %q", got)
	}
	v = newVT(t, 10, 3)
	v.Write([]byte("日本語日本語\nend\n"))
	v.resize(4) // the cursor stays on its screen row: rows go into the history
	if got := text(v); got != "日本語日本語|end" || v.y-v.top != 2 || v.top != 2 {
		t.Fatalf("after a resize: %q, cursor on screen row %d, top %d", got, v.y-v.top, v.top)
	}
}

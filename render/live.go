package render

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/reel-dev/reel/internal/textsafe"
	"golang.org/x/term"
)

// Live redraws the state of every video in flight, with its elapsed time,
// and a bar of how many are finished, on a terminal; a video that ends is
// printed above the view as a line of its own (done, failed or stopped,
// with why).
//
// A redraw moves the cursor back over the rows the last drawing took and
// writes over them, so each line of the view is cut to the terminal's
// width (a line that wrapped would take two rows, and leave a copy
// behind), and the view is kept shorter than the screen (the cursor cannot
// move above it). After a resize the rows are counted at the new width, as
// a terminal rewraps what it shows, and the view is redrawn at once.
type Live struct {
	W     io.Writer
	Total int // videos with work to do
	IDs   int // the display width of the run's longest id, to align the columns

	size func() (cols, lines int) // the terminal's size now; 0 when not known

	mu      sync.Mutex
	rows    map[string]*liveRow
	drawn   []int // the width of each line drawn last time
	closed  bool
	done    int
	stop    chan struct{}
	stopped chan struct{}
}

type liveRow struct {
	step, detail string
	start        time.Time
}

// NewLive starts redrawing twice a second, for the elapsed times, and
// whenever the terminal w is resized; ids is the display width of the
// run's longest id.
func NewLive(w io.Writer, total, ids int) *Live {
	resized, unhook := resizes()
	l := newLive(w, total, terminalSize(w), resized, unhook)
	l.mu.Lock()
	l.IDs = ids
	l.mu.Unlock()
	return l
}

// newLive is NewLive on a terminal whose size is told by size and whose
// resizes arrive on resized.
func newLive(w io.Writer, total int, size func() (int, int), resized <-chan os.Signal, unhook func()) *Live {
	l := &Live{W: w, Total: total, size: size, rows: map[string]*liveRow{}, stop: make(chan struct{}), stopped: make(chan struct{})}
	go func() {
		defer close(l.stopped)
		defer unhook()
		t := time.NewTicker(500 * time.Millisecond)
		defer t.Stop()
		for {
			select {
			case <-l.stop:
				return
			case <-t.C:
			case <-resized:
			}
			l.mu.Lock()
			l.redraw("")
			l.mu.Unlock()
		}
	}()
	return l
}

// terminalSize reads the size of the terminal w is, on every call (an
// ioctl: cheap, and always the size the terminal has now).
func terminalSize(w io.Writer) func() (int, int) {
	f, ok := w.(*os.File)
	if !ok || !term.IsTerminal(int(f.Fd())) {
		return func() (int, int) { return 0, 0 }
	}
	fd := int(f.Fd())
	return func() (int, int) {
		cols, lines, err := term.GetSize(fd)
		if err != nil {
			return 0, 0
		}
		return cols, lines
	}
}

func (l *Live) Event(e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.closed {
		return
	}
	r := l.rows[e.ID]
	if r == nil {
		r = &liveRow{start: time.Now()}
		l.rows[e.ID] = r
	}
	r.step, r.detail = e.Step, textsafe.OneLine(e.Detail)
	switch e.Step {
	case "done", "failed", "stopped":
		l.done++
		delete(l.rows, e.ID)
		cols, _ := l.size()
		detail := strings.TrimPrefix(r.detail, "stopped ") // "stopped  id  1s  by Ctrl-C while ..."
		pad := strings.Repeat(" ", max(l.IDs-displayWidth(e.ID), 0))
		l.redraw(fit(fmt.Sprintf("%-9s %s%s  %s  %s", e.Step, e.ID, pad, time.Since(r.start).Round(time.Second), detail), limit(cols)) + "\n")
		return
	}
	l.redraw("")
}

// redraw goes back to the view's first row, writes text above it (lines
// that stay: a video's end, cut to the width as the view's lines are, or a
// message said through Above, whole) and the view over the old one, and
// erases what is left of that, in one write.
//
// It writes over the old lines rather than erase them first: erasing
// below from the screen's top-left corner, where a view that fills the
// screen starts, is a clear to tmux, which then scrolls the screen into
// its history, a copy per redraw.
func (l *Live) redraw(text string) {
	cols, lines := l.size()
	var b strings.Builder
	up := l.back(&b, cols)
	wrote := false
	for _, line := range strings.SplitAfter(text, "\n") {
		if line != "" {
			overwrite(&b, strings.TrimSuffix(line, "\n"), cols)
			wrote = true
		}
	}
	if !l.closed {
		l.view(&b, cols, lines)
		wrote = true
	}
	switch {
	case wrote && up > 0:
		b.WriteString("\x1b[J") // the rest of a longer view; the cursor is below a line just written
	case up > 0:
		eraseRows(&b, up)
	}
	io.WriteString(l.W, b.String())
}

// overwrite writes a line over the row(s) the cursor is on, erasing what
// is left of the old line after it. A line that ends in the last column
// leaves the cursor there, where erasing would erase its last character,
// and has nothing after it to erase.
func overwrite(b *strings.Builder, line string, cols int) {
	b.WriteString(line)
	if w := displayWidth(line); w == 0 || cols <= 0 || w%cols != 0 {
		b.WriteString("\x1b[K")
	}
	b.WriteByte('\n')
}

// eraseRows erases n rows from the cursor's down, one by one, and comes
// back to the first.
func eraseRows(b *strings.Builder, n int) {
	b.WriteString("\x1b[2K")
	for range n - 1 {
		b.WriteString("\x1b[B\x1b[2K")
	}
	if n > 1 {
		fmt.Fprintf(b, "\x1b[%dA", n-1)
	}
}

// limit is the most columns a line of the view may take on a terminal
// cols wide (0: unknown, no limit): one less, as some terminals wrap as
// soon as the last column is written.
func limit(cols int) int {
	if cols <= 0 {
		return 0
	}
	return max(cols-1, 1)
}

// back moves the cursor to the first row the last drawing takes at cols
// columns, and returns how many rows that is.
func (l *Live) back(b *strings.Builder, cols int) int {
	up := 0
	for _, w := range l.drawn {
		up += rowsOf(w, cols)
	}
	if up > 0 {
		fmt.Fprintf(b, "\r\x1b[%dA", up)
	}
	l.drawn = l.drawn[:0]
	return up
}

// rowsOf is how many rows a line w columns wide takes on a terminal cols
// wide.
func rowsOf(w, cols int) int {
	if cols <= 0 || w <= cols {
		return 1
	}
	return (w + cols - 1) / cols
}

// view draws a line per video in flight and the bar, each cut to the
// width, and no more lines than the screen has, less one for the cursor.
func (l *Live) view(b *strings.Builder, cols, lines int) {
	for _, line := range l.lines(lines) {
		line = fit(line, limit(cols))
		overwrite(b, line, cols)
		l.drawn = append(l.drawn, displayWidth(line))
	}
}

// lines are the view's lines: the videos in flight, sorted, in aligned
// columns, the last few summed up if the screen is too short, and the bar.
func (l *Live) lines(screen int) []string {
	ids := make([]string, 0, len(l.rows))
	idWidth := l.IDs
	for id := range l.rows {
		ids = append(ids, id)
		idWidth = max(idWidth, displayWidth(id))
	}
	sort.Strings(ids)
	shown := len(ids)
	if screen > 0 && len(ids) > screen-2 {
		shown = max(screen-3, 0) // the rest, the bar and the cursor's line
	}
	out := make([]string, 0, shown+2)
	for _, id := range ids[:shown] {
		r := l.rows[id]
		pad := strings.Repeat(" ", idWidth-displayWidth(id))
		out = append(out, fmt.Sprintf("  %-9s %s%s  %6s  %s", r.step, id, pad, time.Since(r.start).Round(time.Second), r.detail))
	}
	if shown < len(ids) {
		out = append(out, fmt.Sprintf("  … and %d more in flight", len(ids)-shown))
	}
	const width = 30
	filled := 0
	if l.Total > 0 {
		filled = width * min(l.done, l.Total) / l.Total
	}
	return append(out, fmt.Sprintf("  [%s%s] %d/%d", strings.Repeat("#", filled), strings.Repeat(".", width-filled), l.done, l.Total))
}

func (l *Live) Close() {
	l.mu.Lock()
	if l.closed {
		l.mu.Unlock()
		return
	}
	l.mu.Unlock()
	close(l.stop)
	<-l.stopped
	l.mu.Lock()
	defer l.mu.Unlock()
	l.closed = true
	l.redraw("")
}

// Above returns a writer whose lines appear above the live view: a line
// written to the terminal in its midst would be drawn over.
func (l *Live) Above() io.Writer { return above{l} }

type above struct{ l *Live }

func (a above) Write(p []byte) (int, error) {
	a.l.mu.Lock()
	defer a.l.mu.Unlock()
	if a.l.closed {
		return a.l.W.Write(p)
	}
	a.l.redraw(string(p))
	return len(p), nil
}

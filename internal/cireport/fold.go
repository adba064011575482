package cireport

import (
	"io"
	"strings"
)

// LongLog is how many lines a listing may have before it is folded: a
// plan of ten thousand videos would bury the lines a reader looks for.
const LongLog = 20

// FoldListing writes a command's log with its listing folded: the lines
// before the first that starts with summary (reel plan's "Plan: ") go in
// a group titled with that line when there are more than LongLog of them,
// and the summary line and those after it stay in sight. A log without
// such a line, or with a short listing, is written as it is.
func FoldListing(w io.Writer, log, summary string) error {
	lines := strings.SplitAfter(log, "\n")
	at := -1
	for i, l := range lines {
		if strings.HasPrefix(l, summary) {
			at = i
			break
		}
	}
	if at <= LongLog {
		_, err := io.WriteString(w, log)
		return err
	}
	title := strings.TrimRight(lines[at], "\r\n")
	listing := strings.Join(lines[:at], "")
	if err := Group(w, title, strings.TrimRight(listing, "\n")+"\n"); err != nil {
		return err
	}
	_, err := io.WriteString(w, strings.Join(lines[at:], ""))
	return err
}

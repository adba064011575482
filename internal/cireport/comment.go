package cireport

import (
	"fmt"
	"io"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Marker is the first line of every plan comment: hidden on GitHub, it is
// how the action finds the comment it posted before and updates it
// instead of adding another.
const Marker = "<!-- reel-plan -->"

// CommentLimit is the longest comment GitHub takes, in characters; a
// comment is cut to fit well below it, counted in bytes.
const CommentLimit = 65536

// foldLines and foldWidth decide when a video's changes are long: more
// lines, or a longer line, and they are folded in <details>.
const (
	foldLines = 6
	foldWidth = 160
	// valueLimit is the most of one value a comment shows (a script may
	// be thousands of characters long).
	valueLimit = 600
)

// CommentMarker is the comment's hidden first two lines: Marker, then the
// project's folder in the repository, so two projects of one repository
// each keep a comment of their own. The action matches both lines.
func CommentMarker(where Where) string {
	dir := where.ProjectDir()
	if dir == "" {
		dir = "."
	}
	return Marker + "\n<!-- reel-project: " + url.PathEscape(dir) + " -->"
}

// Comment writes the body of a pull request's plan comment: the marker,
// a header with what merging the pull request costs (and whether that is
// over the budget), the plan's summary line, the table of videos with
// work to do, then each re-render's changed fields as reel plan --diff
// lists them, folded when long. commit, when given, says which commit the
// plan is of. The body stays under GitHub's limit: what does not fit is
// counted, with how to see it.
func Comment(w io.Writer, where Where, p Plan, commit string) error {
	var b strings.Builder
	b.WriteString(CommentMarker(where) + "\n")
	b.WriteString(commentHeader(where, p) + "\n\n")
	if line := budgetLine(p); line != "" {
		b.WriteString(line + "\n\n")
	}
	b.WriteString(ours(p.Summary()) + "\n")
	footer := commentFooter(commit)
	limit := CommentLimit*7/8 - len(footer)
	b.WriteString(planTable(p, (limit-b.Len())/2, "run `reel plan` to list them"))
	b.WriteString(changes(p.Rows, limit-b.Len()))
	b.WriteString(footer)
	_, err := io.WriteString(w, b.String())
	return err
}

// commentHeader is the line a reviewer reads first: what merging this
// pull request costs.
func commentHeader(where Where, p Plan) string {
	h := "### " + heading("reel", where) + ": "
	switch {
	case p.Spends() && p.OverBudget():
		return h + "merging this pull request costs " + ours(p.Total.String()) + ", over the budget"
	case p.Spends():
		return h + "merging this pull request costs " + ours(p.Total.String())
	case p.Pending():
		return h + "merging this pull request costs nothing"
	default:
		return h + "nothing to render"
	}
}

func commentFooter(commit string) string {
	if commit == "" {
		return ""
	}
	return "\n<sub>Planned at " + mdCode(commit) + " by `reel plan`. This comment is updated on every push.</sub>\n"
}

// changes lists each re-render's changed fields, as long as they fit in
// limit bytes.
func changes(rows []Row, limit int) string {
	var b strings.Builder
	left := 0
	for _, r := range rows {
		if len(r.Changes) == 0 || !hasWork(r) {
			continue
		}
		block := changeBlock(r)
		if left > 0 || b.Len()+len(block) > limit-200 {
			left++
			continue
		}
		b.WriteString(block)
	}
	if b.Len() > 0 {
		b.WriteString("\n")
	}
	if left > 0 {
		fmt.Fprintf(&b, "The changes of %d more %s are not shown: run `reel plan --diff` to see them.\n", left, plural(left, "video"))
	}
	if b.Len() == 0 {
		return ""
	}
	return "\n#### Changes\n" + b.String()
}

// changeBlock is one video's changes in a code block, as --diff lists
// them, inside <details> when they are long.
func changeBlock(r Row) string {
	lines := make([]string, len(r.Changes))
	long := len(lines) > foldLines
	for i, c := range r.Changes {
		c.Old, c.New = cut(c.Old), cut(c.New)
		lines[i] = diffLine(c)
		long = long || utf8.RuneCountInString(lines[i]) > foldWidth
	}
	if !long {
		return "\n" + mdCode(r.Video) + "\n" + codeBlock(lines)
	}
	summary := fmt.Sprintf("%s: %d changed %s", htmlCode(r.Video), len(lines), plural(len(lines), "field"))
	return "\n<details><summary>" + summary + "</summary>\n\n" + codeBlock(lines) + "\n</details>\n"
}

// cut shortens a long value, saying by how much.
func cut(v string) string {
	if utf8.RuneCountInString(v) <= valueLimit {
		return v
	}
	rs := []rune(v)
	return string(rs[:valueLimit]) + fmt.Sprintf("… (%d more characters)", len(rs)-valueLimit)
}

package cireport

import (
	"html"
	"strings"

	"github.com/reel-dev/reel/internal/textsafe"
)

// ours is a text reel wrote (a cost, a count, the plan's summary line),
// which holds no markup but may hold dollars: two in a line would be
// read as a formula.
func ours(s string) string { return strings.ReplaceAll(s, "$", `\$`) }

// zwsp is a zero-width space, written as an entity so the Markdown stays
// readable: after an @ or a # it keeps GitHub from reading a mention or
// an issue reference (a backslash does not: GitHub finds mentions after
// Markdown has dropped it).
const zwsp = "&#8203;"

// mdText is s as plain text in GitHub Markdown, on one line and in a
// table cell too: markup characters are escaped, HTML is shown as text,
// and a mention, an issue reference or a URL is shown, not linked.
func mdText(s string) string {
	s = textsafe.OneLine(s)
	var b strings.Builder
	rs := []rune(s)
	for i, r := range rs {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case strings.ContainsRune("\\`*_[]|~!#$", r):
			b.WriteByte('\\')
			b.WriteRune(r)
		default:
			b.WriteRune(r)
		}
		if reference(rs, i) {
			b.WriteString(zwsp)
		}
	}
	return b.String()
}

// reference reports whether the rune at i starts what GitHub would link
// after Markdown: a mention (@name), an issue (#12, GH-12) or a URL
// (https://): a zero-width space after it breaks the link.
func reference(rs []rune, i int) bool {
	next := rune(0)
	if i+1 < len(rs) {
		next = rs[i+1]
	}
	switch rs[i] {
	case '@':
		return isWordRune(next)
	case '#':
		return isWordRune(next)
	case ':':
		return next == '/'
	case '-':
		return i >= 2 && strings.EqualFold(string(rs[i-2:i]), "gh") && next >= '0' && next <= '9'
	}
	return false
}

func isWordRune(r rune) bool {
	return r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_' || r == '-'
}

// mdCode is s as inline code on one line: code is shown as it is (no
// markup, no mention, no link), fenced by more backticks than s holds in
// a row.
func mdCode(s string) string {
	s = textsafe.OneLine(s)
	if s == "" {
		return ""
	}
	fence := strings.Repeat("`", longestRun(s, '`')+1)
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") || strings.HasPrefix(s, " ") || strings.HasSuffix(s, " ") {
		s = " " + s + " "
	}
	return fence + s + fence
}

// cellCode is mdCode in a table cell, where a | would end the cell even
// inside code unless escaped.
func cellCode(s string) string { return strings.ReplaceAll(mdCode(s), "|", `\|`) }

// htmlCode is s as inline code inside HTML (a <summary>), where Markdown
// is not read.
func htmlCode(s string) string {
	return "<code>" + html.EscapeString(textsafe.OneLine(s)) + "</code>"
}

// codeBlock is lines as a fenced code block: its fence is longer than any
// run of backticks in them, so no line can close it.
func codeBlock(lines []string) string {
	body := strings.Join(lines, "\n")
	fence := strings.Repeat("`", max(3, longestRun(body, '`')+1))
	return fence + "\n" + body + "\n" + fence + "\n"
}

func longestRun(s string, c rune) int {
	best, n := 0, 0
	for _, r := range s {
		if r == c {
			n++
			best = max(best, n)
		} else {
			n = 0
		}
	}
	return best
}

package provider

import (
	"strings"
	"unicode/utf8"

	"github.com/reel-dev/reel/internal/lazyregexp"
)

// Bounds of the response body an HTTPError keeps: enough to read the
// provider's complaint, not a whole HTML error page in a terminal.
const (
	snippetLines = 8
	snippetBytes = 512
)

// snippet trims a response body to at most snippetLines lines and
// snippetBytes bytes of valid UTF-8, marking a cut with "…".
func snippet(body []byte) string {
	s := strings.TrimSpace(string(body))
	cut := false
	if len(s) > snippetBytes {
		s, cut = s[:snippetBytes], true
		for !utf8.ValidString(s) && len(s) > 0 {
			s = s[:len(s)-1]
		}
	}
	if lines := strings.SplitN(s, "\n", snippetLines+1); len(lines) > snippetLines {
		s, cut = strings.Join(lines[:snippetLines], "\n"), true
	}
	s = strings.ToValidUTF8(s, "\uFFFD")
	if cut {
		s = strings.TrimRight(s, " \r\n\t") + "…"
	}
	return s
}

var htmlTitle = lazyregexp.New(`(?is)<title>\s*(.*?)\s*</title>`)

// summary is one line saying what a body says: an HTML page's title (proxies
// answer 502 with a page), else the first line.
func summary(body string) string {
	if m := htmlTitle.FindStringSubmatch(body); m != nil {
		return m[1]
	}
	if strings.HasPrefix(body, "<") {
		return ""
	}
	line, _, _ := strings.Cut(body, "\n")
	line = strings.TrimSpace(line)
	if len(line) > 160 {
		line = line[:160]
		for !utf8.ValidString(line) {
			line = line[:len(line)-1]
		}
		line += "…"
	}
	return line
}

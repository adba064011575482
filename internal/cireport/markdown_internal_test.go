package cireport

import (
	"regexp"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/textsafe"
)

// markdownHostile are texts a branch can put in a video id, a field or a
// value: markup, HTML, links, mentions, references, table cells, fences.
var markdownHostile = []string{
	"plain text",
	"<img src=x onerror=alert(1)>",
	"<!-- reel-plan -->",
	"[pay here](https://evil.example)",
	"![img](https://evil.example/x.png)",
	"@octocat and @org/team",
	"fixes #12 and GH-3",
	"https://evil.example/path",
	"a | b | c",
	"**bold** _em_ ~~strike~~",
	"`code` and ``two``",
	"back\\slash\\|",
	"&amp; &#64; &lt;",
	"line\nbreak\r\nand\ttab",
	"# heading",
	"ünïcødé ✓ 🎬",
}

// unText is what GitHub shows for mdText's output: backslash escapes and
// entities decoded, zero-width spaces dropped.
func unText(s string) string {
	s = strings.ReplaceAll(s, zwsp, "")
	s = regexp.MustCompile(`\\([[:punct:]])`).ReplaceAllString(s, "$1")
	return strings.NewReplacer("&lt;", "<", "&gt;", ">", "&amp;", "&").Replace(s)
}

// TestMdTextShowsTextOnly checks that plain text reads as it was written,
// and that nothing in it is markup: no HTML, no link, no mention, no
// issue reference, no cell boundary.
func TestMdTextShowsTextOnly(t *testing.T) {
	for _, s := range markdownHostile {
		got := mdText(s)
		if unText(got) != textsafe.OneLine(s) {
			t.Errorf("%q: shown as %q, want %q", s, unText(got), textsafe.OneLine(s))
		}
		// The Markdown: no HTML, no markup, no entity but its own.
		own := strings.NewReplacer(zwsp, "", "&amp;", "", "&lt;", "", "&gt;", "").Replace(got)
		for bad, what := range map[string]string{
			`[<>&\n]`:                        "raw HTML, an entity or a line break",
			`(^|[^\\])[|\[\]*_~` + "`" + `]`: "an unescaped markup character",
		} {
			if regexp.MustCompile(bad).MatchString(own) {
				t.Errorf("%q: %q holds %s", s, got, what)
			}
		}
		// The text GitHub then looks for references in.
		shown := unText(strings.ReplaceAll(got, zwsp, "\u200b"))
		for bad, what := range map[string]string{
			`@[A-Za-z0-9]`: "a mention",
			`#[0-9]`:       "an issue reference",
			`(?i)GH-[0-9]`: "an issue reference",
			`://`:          "a link",
		} {
			if regexp.MustCompile(bad).MatchString(shown) {
				t.Errorf("%q: %q shows %s", s, got, what)
			}
		}
	}
}

// unCode is what a code span shows: CommonMark's rules (the fence, then
// one space off each end when both ends have one), and \| for | in a
// table cell.
func unCode(t *testing.T, span string, cell bool) string {
	t.Helper()
	n := len(span) - len(strings.TrimLeft(span, "`"))
	fence := span[:n]
	if n == 0 || !strings.HasSuffix(span, fence) || len(span) < 2*n {
		t.Fatalf("%q is not a code span", span)
	}
	body := span[n : len(span)-n]
	if regexp.MustCompile("(^|[^`])" + fence + "($|[^`])").MatchString(body) {
		t.Fatalf("%q: the body closes the fence early", span)
	}
	if len(body) >= 2 && body[0] == ' ' && body[len(body)-1] == ' ' && strings.Trim(body, " ") != "" {
		body = body[1 : len(body)-1]
	}
	if cell {
		if regexp.MustCompile(`(^|[^\\])\|`).MatchString(body) {
			t.Fatalf("%q: a | ends the cell", span)
		}
		body = strings.ReplaceAll(body, `\|`, "|")
	}
	return body
}

// TestMdCodeShowsCode checks that a code span shows its text exactly.
func TestMdCodeShowsCode(t *testing.T) {
	for _, s := range append(markdownHostile, "`", "``a``", " lead", "trail ", "`x`") {
		if got := unCode(t, mdCode(s), false); got != textsafe.OneLine(s) {
			t.Errorf("%q: shown as %q", s, got)
		}
		if got := unCode(t, cellCode(s), true); got != textsafe.OneLine(s) {
			t.Errorf("%q in a cell: shown as %q", s, got)
		}
	}
}

// TestCodeBlockStaysOpen checks that no line of a code block can close it.
func TestCodeBlockStaysOpen(t *testing.T) {
	lines := []string{"```", "````", "   ````", "</details>", "~~~"}
	block := codeBlock(lines)
	all := strings.Split(strings.TrimSuffix(block, "\n"), "\n")
	fence := all[0]
	for _, l := range all[1 : len(all)-1] {
		if t2 := strings.TrimLeft(l, " "); strings.HasPrefix(t2, fence) && strings.Trim(t2, "`") == "" {
			t.Errorf("line %q closes the fence %q", l, fence)
		}
	}
	if all[len(all)-1] != fence {
		t.Errorf("the block ends with %q, want %q", all[len(all)-1], fence)
	}
}

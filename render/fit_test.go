package render

import (
	"testing"
)

// A line is cut by the columns a terminal gives it, never inside a
// character or an escape sequence.
func TestFit(t *testing.T) {
	for _, c := range []struct {
		in   string
		cols int
		want string
	}{
		{"short", 10, "short"},
		{"exactly ten", 11, "exactly ten"},
		{"a line that is too long", 10, "a line th…"},
		{"日本語のテキスト", 7, "日本語…"},                                        // wide: two columns each, and no half of one
		{"日本語のテキスト", 8, "日本語…"},                                        // 6 + … = 7; a fourth would make 9
		{"e\u0301te\u0301 e\u0301te\u0301", 5, "e\u0301te\u0301 …"},    // combining accents take no column
		{"\x1b[32mgreen text here\x1b[0m", 6, "\x1b[32mgreen…\x1b[0m"}, // the colour is kept whole and reset
		{"\x1b[32mok\x1b[0m", 2, "\x1b[32mok\x1b[0m"},                  // fits: untouched
		{"anything", 0, "anything"},                                    // width unknown: not cut
	} {
		got := fit(c.in, c.cols)
		if got != c.want {
			t.Errorf("fit(%q, %d) = %q, want %q", c.in, c.cols, got, c.want)
		}
		if c.cols > 0 && displayWidth(got) > c.cols {
			t.Errorf("fit(%q, %d) is %d columns wide", c.in, c.cols, displayWidth(got))
		}
	}
}

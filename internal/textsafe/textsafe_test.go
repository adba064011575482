package textsafe

import "testing"

func TestOneLine(t *testing.T) {
	for in, want := range map[string]string{
		"plain words, é and 日本":    "plain words, é and 日本",
		"a\nb\r\nc\td":             "a b  c d",
		"\x1b]0;title\a\x00\u0085": " ]0;title   ",
		"zero\u200bwidth":          "zero\u200bwidth", // a format character, not a control one
	} {
		if got := OneLine(in); got != want {
			t.Errorf("OneLine(%q) = %q, want %q", in, got, want)
		}
	}
}

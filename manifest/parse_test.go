package manifest

import (
	"encoding/json"
	"strings"
	"testing"
)

func parseOK(t *testing.T, src string) *Node {
	t.Helper()
	n, errs := Parse("m.yaml", []byte(src))
	if len(errs) > 0 {
		t.Fatalf("Parse(%q): %v", src, errs)
	}
	return n
}

func TestParseKeepsPositions(t *testing.T) {
	n := parseOK(t, "title: x\nscenes:\n  - script: hi\n    emotion: Friendly\n")
	got := n.PosOf([]string{"scenes", "0", "emotion"}, false)
	if got.Line != 4 || got.Col != 14 {
		t.Errorf("value position %d:%d, want 4:14", got.Line, got.Col)
	}
	key := n.PosOf([]string{"scenes", "0", "emotion"}, true)
	if key.Line != 4 || key.Col != 5 {
		t.Errorf("key position %d:%d, want 4:5", key.Line, key.Col)
	}
	if f := n.FieldName([]string{"scenes", "0", "emotion"}); f != "scenes[0].emotion" {
		t.Errorf("field name %q", f)
	}
}

func TestParseScalars(t *testing.T) {
	n := parseOK(t, "aspect: 16:9\nspeed: 1.0\nn: 0x10\ncaptions: no\non: yes\nnull_: ~\nwhen: 2024-01-02\n")
	want := map[string]any{
		"aspect":   "16:9", // YAML 1.1 would read 969 (base 60); reel does not
		"speed":    json.Number("1"),
		"n":        json.Number("16"),
		"captions": "no", // not false: only true and false are booleans
		"on":       "yes",
		"null_":    nil,
		"when":     "2024-01-02",
	}
	for k, w := range want {
		if got := n.Get(k).Value; got != w {
			t.Errorf("%s = %#v, want %#v", k, got, w)
		}
	}
}

func TestParseMergeKeys(t *testing.T) {
	n := parseOK(t, "base: &b {id: a, speed: 1.1}\nvoice:\n  <<: *b\n  speed: 0.9\n")
	v := n.Get("voice")
	if v.Get("id").Value != "a" || v.Get("speed").Value != json.Number("0.9") {
		t.Errorf("<< merges the anchor, explicit keys win: %s", v.JSON())
	}
}

func TestParseSmallAliasesAreFine(t *testing.T) {
	parseOK(t, "a: &a [1, 2, 3]\nb: [*a, *a, *a, *a]\n")
}

func TestParseRefuses(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"empty", "", "1:1: file has no fields"},
		{"comments only", "# nothing\n", "1:1: file has no fields"},
		{"list", "- a\n- b\n", "1:1: a manifest is a mapping of fields"},
		{"two documents", "a: 1\n---\nb: 2\n", "2:1: a second YAML document"},
		{"duplicate", "a: 1\nb: 2\na: 3\n", `3:1: a: duplicate key "a" (first at line 1)`},
		{"tab", "a:\n\tb: 1\n", "2:1: a tab indents this line"},
		{"nul", "a: 1\x00\n", "1:5: control byte 0x00"},
		{"latin1", "a: caf\xe9\n", "1:7: byte 0xe9 is not UTF-8"},
		{"utf16", "\xff\xfea\x00:\x00", "1:1: file is UTF-16"},
		{"tag", "a: !foo x\n", "1:4: a: unknown YAML tag !foo"},
		{"complex key", "? [a, b]\n: c\n", "1:3: a key must be a plain name"},
		{"self alias", "a: &x [1, *x]\n", ""},
		{"infinity", "speed: .inf\n", "1:8: speed: .inf is not a finite number"},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, errs := Parse("m.yaml", []byte(c.src))
			if len(errs) == 0 {
				t.Fatalf("no error")
			}
			if got := errs[0].Error(); !strings.Contains(got, c.want) {
				t.Errorf("got %q, want it to contain %q", got, c.want)
			}
		})
	}
}

func TestParseHugeFile(t *testing.T) {
	_, errs := Parse("m.yaml", padded(MaxFileSize+1))
	if len(errs) != 1 || !strings.Contains(errs[0].Msg, "at most 1048576 (1 MiB)") {
		t.Errorf("got %v", errs)
	}
}

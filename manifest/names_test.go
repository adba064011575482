package manifest

import (
	"path/filepath"
	"strings"
	"testing"
)

// TestIDsRecordsCannotCarryRefused: a manifest whose path below the
// include root holds a control character, a line separator or bytes that
// are not UTF-8 makes a video id reel status, the plan and the snapshot
// cannot print or record: it is refused at the file's 1:1, on one line,
// and renders nothing.
func TestIDsRecordsCannotCarryRefused(t *testing.T) {
	for _, tc := range []struct{ name, file, want string }{
		{"newline", "videos/a\nb.yaml", `"videos/a\nb.yaml":1:1: the file's path makes the video id "a\nb", which holds a newline: rename the file (or its folder)`},
		{"tab", "videos/a\tb.yaml", `"videos/a\tb.yaml":1:1: the file's path makes the video id "a\tb", which holds a tab: rename`},
		{"escape", "videos/a\x1b[2Jb.yaml", `"videos/a\x1b[2Jb.yaml":1:1: the file's path makes the video id "a\x1b[2Jb", which holds the control character U+001B: rename`},
		{"not UTF-8", "videos/caf\xe9.yaml", `"videos/caf\xe9.yaml":1:1: the file's path makes the video id "caf\xe9", which holds bytes that are not UTF-8: rename`},
		{"line separator", "videos/a\u2028b.yaml", `"videos/a\u2028b.yaml":1:1: the file's path makes the video id "a\u2028b", which holds a line separator (U+2028): rename`},
		{"a folder", "videos/to\x01do/a.yaml", `"videos/to\x01do/a.yaml":1:1: the file's path makes the video id "to\x01do/a", which holds the control character U+0001: rename`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			writeFile(t, filepath.Join(dir, ProjectFile), []byte(keyProject+"defaults: {voice: {id: v}}\n"))
			writeFile(t, filepath.Join(dir, tc.file), []byte("avatar: {id: a}\nscenes: [{script: Hi.}]\n"))
			p, err := LoadProject(dir)
			if err != nil {
				t.Fatal(err)
			}
			set, err := Load(p, Options{Providers: TestProviders})
			if err != nil {
				t.Fatal(err)
			}
			if len(set.Videos) != 0 {
				t.Errorf("video %q loaded; a refused manifest renders nothing", set.Videos[0].ID)
			}
			got := errorLines(set, dir)
			if !strings.HasPrefix(got, tc.want) || strings.Count(got, "\n") != 0 {
				t.Errorf("errors:\n%s\nwant one line starting:\n%s", got, tc.want)
			}
		})
	}
}

// TestIDsOfAnyLanguageAreFine: letters of any script, spaces and
// punctuation are ids like any other.
func TestIDsOfAnyLanguageAreFine(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, ProjectFile), []byte(keyProject+"defaults: {voice: {id: v}}\n"))
	for _, name := range []string{"café", "日本語", "my video (final)", "Ünïcödé#1"} {
		writeFile(t, filepath.Join(dir, "videos", name+".yaml"), []byte("avatar: {id: a}\nscenes: [{script: Hi.}]\n"))
	}
	p, err := LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := Load(p, Options{Providers: TestProviders})
	if err != nil {
		t.Fatal(err)
	}
	if len(set.Errors) > 0 || len(set.Videos) != 4 {
		t.Errorf("%d videos, errors:\n%s", len(set.Videos), errorLines(set, dir))
	}
}

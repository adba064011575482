package suggest

import "testing"

func TestClosest(t *testing.T) {
	commands := []string{"init", "validate", "plan", "render", "watch", "fetch", "forget", "status", "gc", "voices", "avatars", "schema", "version", "help"}
	for _, c := range []struct {
		name  string
		known []string
		want  string
	}{
		{"rendr", commands, "render"},
		{"plna", commands, "plan"}, // two letters swapped: one edit
		{"valdiate", commands, "validate"},
		{"val", commands, "validate"}, // the start of one name only
		{"ls", commands, ""},          // two edits from gc, but only two letters long
		{"frobnicate", commands, ""},
		{"josn", []string{"all", "check", "diff", "json"}, "json"},
		{"heygem", []string{"heygen", "fal", "pixeldojo", "sandbox"}, "heygen"},
		{"HeyGen", []string{"heygen", "fal", "pixeldojo", "sandbox"}, "heygen"},
		{"friendly", []string{"Excited", "Friendly", "Serious"}, "Friendly"},
		{"scrpit", []string{"audio", "script", "silence"}, "script"},
		{"720", []string{"360p", "720p", "1080p"}, "720p"},
		{"4:3", []string{"16:9", "9:16", "1:1", "4:5", "5:4"}, ""}, // another ratio, not a typo
		{"v4", []string{"v2", "v3"}, ""},
		{"fo", []string{"fal", "forget"}, ""},
		{"", commands, ""},
	} {
		if got := Closest(c.name, c.known); got != c.want {
			t.Errorf("Closest(%q) = %q; want %q", c.name, got, c.want)
		}
	}
}

func TestDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"josn", "json", 1}, {"ab", "ba", 1}, {"ca", "abc", 3},
	} {
		if got := distance(c.a, c.b); got != c.want {
			t.Errorf("distance(%q, %q) = %d; want %d", c.a, c.b, got, c.want)
		}
	}
}

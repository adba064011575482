package english

import "testing"

func TestCount(t *testing.T) {
	for _, c := range []struct {
		n    int
		noun string
		want string
	}{
		{0, "video", "0 videos"},
		{1, "video", "1 video"},
		{2, "video", "2 videos"},
		{1, "lock entry", "1 lock entry"},
		{3, "lock entry", "3 lock entries"},
		{2, "day", "2 days"},
		{2, "match", "2 matches"},
		{2, "box", "2 boxes"},
		{2, "request", "2 requests"},
		{1, "job", "1 job"},
	} {
		if got := Count(c.n, c.noun); got != c.want {
			t.Errorf("Count(%d, %q) = %q; want %q", c.n, c.noun, got, c.want)
		}
	}
}

func TestAnd(t *testing.T) {
	for _, c := range []struct {
		items []string
		and   string
		or    string
	}{
		{nil, "", ""},
		{[]string{"a"}, "a", "a"},
		{[]string{"a", "b"}, "a and b", "a or b"},
		{[]string{"a", "b", "c"}, "a, b and c", "a, b or c"},
	} {
		if got := And(c.items); got != c.and {
			t.Errorf("And(%q) = %q; want %q", c.items, got, c.and)
		}
		if got := Or(c.items); got != c.or {
			t.Errorf("Or(%q) = %q; want %q", c.items, got, c.or)
		}
	}
}

func TestThem(t *testing.T) {
	for n, want := range map[int]string{0: "them", 1: "it", 2: "them"} {
		if got := Them(n); got != want {
			t.Errorf("Them(%d) = %q; want %q", n, got, want)
		}
	}
}

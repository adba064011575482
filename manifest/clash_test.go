package manifest

import (
	"fmt"
	"testing"
)

// TestClaimsAgreeWithClashes: the check a re-plan makes of a few edited
// videos against the outputs of the others (OutputClaims) finds every
// clash the full load finds (Clashes), and nothing else.
func TestClaimsAgreeWithClashes(t *testing.T) {
	for _, tc := range []struct {
		a, b  string
		clash bool
	}{
		{"a.mp4", "a.mp4", true},
		{"a.mp4", "A.MP4", true},
		{"d.mp4", "d.mp4/b.mp4", true},
		{"D.mp4", "d.mp4/b.mp4", true},
		{"x/d.mp4", "x/d.mp4/y/b.mp4", true},
		{"caf\u00e9.mp4", "cafe\u0301.mp4", true},
		{"caf\u00e9.mp4", "CAFE\u0301.mp4/x.mp4", true},
		{"\u212a.mp4", "k.mp4", true}, // the Kelvin sign is K after normalization
		{"d.mp4", "d.mp4b/b.mp4", false},
		{"d.mp4", "dd.mp4", false},
		{"x/d.mp4", "d.mp4", false},
		{"a.mp4", "b.mp4", false},
		{"caf\u00e9.mp4", "cafe.mp4", false},
	} {
		for _, pair := range [][2]string{{tc.a, tc.b}, {tc.b, tc.a}} {
			videos := []*Video{{ID: "one", File: "/p/one.yaml", Output: pair[0]}, {ID: "two", File: "/p/two.yaml", Output: pair[1]}}
			full := len(Clashes("/p", videos)) > 0
			claimed := ClaimOutputs(videos[:1]).Clash(pair[1])
			if full != tc.clash || claimed != tc.clash {
				t.Errorf("%q, %q: Clashes says %v, OutputClaims %v; want %v", pair[0], pair[1], full, claimed, tc.clash)
			}
		}
	}
}

// TestClashNamesBothVideos: a clash is reported once, and its error names
// the other video's file, line and column.
func TestClashNamesBothVideos(t *testing.T) {
	d := &Video{ID: "d", File: "/p/videos/d.yaml", Output: "d.mp4", output: Pos{"/p/videos/d.yaml", 2, 9}}
	b := &Video{ID: "b", File: "/p/videos/b.yaml", Output: "d.mp4/b.mp4", output: Pos{"/p/videos/b.yaml", 3, 9}, outputField: "output"}
	cs := Clashes("/p", []*Video{d, b})
	if len(cs) != 1 || cs[0].Video != b || cs[0].Other != d {
		t.Fatalf("clashes %+v; want one, at b, naming d", cs)
	}
	want := `videos/b.yaml:3:9: output: "d.mp4/b.mp4" is written in the folder "d.mp4", which is the output of video "d" (videos/d.yaml:2:9): a path cannot be both a file and a folder; give one of them another output`
	if got := cs[0].Err.Format("/p"); got != want {
		t.Errorf("got  %s\nwant %s", got, want)
	}
}

// BenchmarkClashes10k checks 10,000 videos (a thousand folders) for
// clashes, as a full load and reel watch after a save that moves an id or
// an output do.
func BenchmarkClashes10k(b *testing.B) {
	videos := make([]*Video, 10_000)
	for i := range videos {
		id := fmt.Sprintf("batch%03d/video%05d", i/10, i)
		videos[i] = &Video{ID: id, File: "/p/videos/" + id + ".yaml", Output: id + ".mp4"}
	}
	for b.Loop() {
		if len(Clashes("/p", videos)) != 0 {
			b.Fatal("clash")
		}
	}
}

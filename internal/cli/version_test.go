package cli

import (
	"runtime/debug"
	"testing"
)

// TestVersionLine: reel version says the module version and the commit,
// as the build info records them.
func TestVersionLine(t *testing.T) {
	rev := debug.BuildSetting{Key: "vcs.revision", Value: "abc1234def5678900000000000000000000000000"}
	for _, c := range []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "reel devel"},
		{"checkout without VCS", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}}, "reel devel"},
		{"go install @v0.3.1", &debug.BuildInfo{Main: debug.Module{Version: "v0.3.1"}, Settings: []debug.BuildSetting{rev, {Key: "vcs.modified", Value: "false"}}}, "reel v0.3.1 (abc1234)"},
		{"edited checkout", &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{rev, {Key: "vcs.modified", Value: "true"}}}, "reel devel (abc1234, modified)"},
	} {
		if got := Version(c.bi); got != c.want {
			t.Errorf("%s: %q; want %q", c.name, got, c.want)
		}
	}
}

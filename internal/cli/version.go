package cli

import (
	"fmt"
	"runtime/debug"
	"strings"
)

// Version is reel's version line, "reel v0.3.1 (abc1234)": the module version from the
// build info (devel when built from a checkout) and the commit go build
// stamped, short, with ", modified" when the tree had changes.
func Version(bi *debug.BuildInfo) string {
	v := "devel"
	if bi == nil {
		return "reel " + v
	}
	if m := bi.Main.Version; m != "" && m != "(devel)" {
		v = m
	}
	var rev string
	modified := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value[:min(len(s.Value), 7)]
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if rev == "" {
		return "reel " + v
	}
	var b strings.Builder
	fmt.Fprintf(&b, "reel %s (%s", v, rev)
	if modified {
		b.WriteString(", modified")
	}
	b.WriteString(")")
	return b.String()
}

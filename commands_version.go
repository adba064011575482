package main

import (
	"fmt"
	"runtime/debug"
	"strings"
)

func init() {
	details["version"] = `Prints the module version reel was built as (v0.3.1 from go install
...@v0.3.1, devel from a checkout) and the commit it was built from, with
", modified" if the checkout had uncommitted changes. reel --version
prints the same.
`
}

func runVersion(e *env, args []string) int {
	fs := e.flags("version")
	if _, err := e.parse(fs, args); err != nil {
		return e.usage("%v", err)
	}
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintln(e.stdout, versionLine(bi))
	return exitOK
}

// versionLine is "reel v0.3.1 (abc1234)": the module version from the
// build info (devel when built from a checkout) and the commit go build
// stamped, short, with ", modified" when the tree had changes.
func versionLine(bi *debug.BuildInfo) string {
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

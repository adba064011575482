package main

import (
	"fmt"
	"runtime/debug"

	"github.com/reel-dev/reel/internal/cli"
)

var versionCommand = &command{
	Name:    "version",
	Summary: "print reel's version",
	Long: `Prints the module version reel was built as (v0.3.1 from go install
...@v0.3.1, devel from a checkout) and the commit it was built from, with
", modified" if the checkout had uncommitted changes. reel --version
prints the same.
`,
	Run: runVersion,
}

func runVersion(e *env, _ any, _ []string) error {
	bi, _ := debug.ReadBuildInfo()
	fmt.Fprintln(e.stdout, cli.Version(bi))
	return nil
}

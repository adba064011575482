package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/reel-dev/reel/internal/ci"
	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/internal/jsonout"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/planner"
	"github.com/reel-dev/reel/schema"
)

var validateCommand = &command{
	Name:    "validate",
	Args:    "[paths|ids...]",
	Summary: "check manifests against the schema and what the provider can render",
	Long: `Validates every manifest the include globs of reel.yaml match (or only
the given files, folders or video ids) against the schema, checks local
assets and what the provider can render, and prints every error as
file:line:col: field: message. Exit 0 when all is valid, 1 otherwise.
--json prints {"valid", "videos", "manifests", "errors"} (reel schema validate).
REEL_DEBUG=key prints the labelled inputs of each video's render key.
`,
	Flags: func(fs *flag.FlagSet) any {
		var f ci.Flags
		f.Define(fs)
		return &f
	},
	Check:    func(flags any) error { return flags.(*ci.Flags).Conflict() },
	Run:      runValidate,
	JSON:     &cli.JSON{Schema: schema.ValidateOut, Usage: "print the result as one JSON document (reel schema validate)"},
	Complete: planner.KnownIDs,
}

func runValidate(e *env, flags any, args []string) error {
	asJSON := e.json != nil
	e.ci.Flags = *flags.(*ci.Flags)
	set, err := e.planning().Load(planner.Select(e.dir, args))
	if err != nil {
		e.printErrors(err) // before the keys and the document, which lists them
		err = errTold
	}
	if set != nil && os.Getenv("REEL_DEBUG") == "key" {
		for _, v := range set.Videos {
			manifest.DebugKey(e.stderr, v)
		}
	}
	if printed, cerr := e.ci.Validated(e.stdout, set); cerr != nil {
		return cerr
	} else if printed {
		return err // the JUnit XML says it all
	}
	if asJSON {
		return e.validated(set, err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "ok: %s in %s\n", english.Count(len(set.Videos), "video"), english.Count(set.Files, "manifest"))
	return nil
}

// validated prints reel validate --json's document: whether all is valid,
// what was read, and every error (those printed on stderr too).
func (e *env) validated(set *manifest.Set, err error) error {
	var videos, manifests *int
	if set != nil {
		n := len(set.Videos)
		videos, manifests = &n, &set.Files
	}
	if werr := e.json.Document(jsonout.Validated(err == nil, videos, manifests, e.json.Recorded())); werr != nil {
		return werr
	}
	return err
}

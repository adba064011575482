package main

import (
	"flag"
	"fmt"
	"path/filepath"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/schema"
)

var schemaCommand = &command{
	Name:    "schema",
	Args:    "[name]",
	Summary: "print a JSON Schema, for editors and tools",
	Long: `Prints a JSON Schema (draft 2020-12): the video manifest's (default), the
project file's (reel schema project) or a locale's translation file's (reel
schema translation), for editors; point one at it with a first line such as:
  # yaml-language-server: $schema=../.reel/schema/video.schema.json
reel schema --write writes both into the project's .reel/schema/, where
reel init put them: run it after upgrading reel.
or the format of a --json output, for tools: events (render and watch, one
event per line), plan, validate, status, voices, avatars.
`,
	Flags: func(fs *flag.FlagSet) any {
		return fs.Bool("write", false, "write both schemas into the project's "+manifest.SchemaDir+", replacing older ones (after an upgrade)")
	},
	Run:      runSchema,
	Complete: func(string) []string { return []string{schema.Project, schema.Video} },
}

func runSchema(e *env, flags any, args []string) error {
	if *flags.(*bool) {
		if len(args) > 0 {
			return cli.Usagef("schema --write writes both schemas; give no name")
		}
		return e.writeSchemas()
	}
	name := schema.Video
	if len(args) > 1 {
		return cli.Usagef("schema takes one name: %s", english.Or(schema.Names()))
	}
	if len(args) == 1 {
		name = args[0]
	}
	src, ok := schema.Source(name)
	if !ok {
		return cli.Usagef("%v", cli.OneOf("schema", name, schema.Names()...))
	}
	e.stdout.Write(src)
	return nil
}

// writeSchemas is reel schema --write.
func (e *env) writeSchemas() error {
	root, err := manifest.Find(".")
	if err != nil {
		return err
	}
	written, same, err := manifest.WriteSchemas(root)
	for _, w := range written {
		fmt.Fprintf(e.stdout, "wrote %s\n", filepath.ToSlash(w))
	}
	for _, s := range same {
		fmt.Fprintf(e.stdout, "up to date: %s\n", filepath.ToSlash(s))
	}
	return err
}

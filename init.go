package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/manifest"
)

var initCommand = &command{
	Name:    "init",
	Args:    "[dir]",
	Summary: "start a project: reel.yaml, one manifest, .gitignore lines",
	Long: `Creates reel.yaml, videos/hello.yaml, the schemas under .reel/schema/ for
editors, and .gitignore lines for the outputs, in dir (default: here).
Existing files are never overwritten. The project starts in the sandbox
(sandbox: true in reel.yaml): free and local; set it to false to render for real.
In a project (dir has a reel.yaml) it writes nothing; reel schema --write
refreshes the schemas there.
`,
	Run: runInit,
}

func runInit(e *env, _ any, args []string) error {
	if len(args) > 1 {
		return cli.Usagef("init takes one folder")
	}
	dir := "."
	if len(args) == 1 {
		dir = args[0]
	}
	if st, err := os.Stat(dir); err == nil && !st.IsDir() {
		return fmt.Errorf("%s is a file: give reel init the folder to start the project in", dir)
	}
	done, err := manifest.Scaffold(dir)
	var exists *manifest.ExistsError
	if errors.As(err, &exists) {
		fmt.Fprintf(e.stdout, "%s is a reel project already (%s): nothing written.\nTo refresh the schemas in %s after an upgrade, run reel schema --write.\n", dir, exists.File, manifest.SchemaDir)
		return nil
	}
	for _, w := range done.Written {
		fmt.Fprintf(e.stdout, "wrote %s\n", w)
	}
	for _, k := range done.Kept {
		fmt.Fprintf(e.stdout, "kept %s: it exists\n", k)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "next: edit %s, then run `reel validate`\n", filepath.Join(dir, "videos", "hello.yaml"))
	return nil
}

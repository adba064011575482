// Command gentree writes the scale-test project: go run ./internal/gentree/cmd -n 10000 [-rows 10000] -out DIR
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/reel-dev/reel/internal/gentree"
)

func main() {
	n := flag.Int("n", 10000, "manifests to write")
	seed := flag.Uint64("seed", 1, "same seed, same tree")
	out := flag.String("out", "", "folder to write into (required)")
	rendered := flag.Bool("rendered", false, "also write outputs and reel.lock as if every video were rendered")
	rows := flag.Int("rows", 0, "also write a manifest with rows and a data file of that many rows")
	flag.Parse()
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gentree: -out is required")
		os.Exit(2)
	}
	if _, err := gentree.Write(*out, gentree.Options{Videos: *n, Seed: *seed, Rows: *rows}); err != nil {
		fmt.Fprintln(os.Stderr, "gentree:", err)
		os.Exit(1)
	}
	if *rendered {
		if err := gentree.MarkRendered(*out); err != nil {
			fmt.Fprintln(os.Stderr, "gentree:", err)
			os.Exit(1)
		}
	}
}

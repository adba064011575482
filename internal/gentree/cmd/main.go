// Command gentree writes the scale-test project, and its ninja equivalent:
//
//	go run ./internal/gentree/cmd -n 10000 [-rows 10000] -out DIR [-rendered] [-ninja]
//	go run ./internal/gentree/cmd -checkout DIR
//
// Every file it writes is an hour old. -checkout rewrites an existing
// project's files with their own content, as a fresh checkout does, dated
// two seconds ago: past reel's racy window, and new.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/internal/gentree"
)

func main() {
	n := flag.Int("n", 10000, "manifests to write")
	seed := flag.Uint64("seed", 1, "same seed, same tree")
	out := flag.String("out", "", "folder to write into (required)")
	rendered := flag.Bool("rendered", false, "also write outputs and reel.lock as if every video were rendered")
	rows := flag.Int("rows", 0, "also write a manifest with rows and a data file of that many rows")
	ninja := flag.Bool("ninja", false, "also write build.ninja, its stamps and .ninja_log, as if ninja had built them")
	checkout := flag.String("checkout", "", "rewrite this project's files with their content, as a checkout does, and write nothing else")
	flag.Parse()
	if *checkout != "" {
		exitOn(gentree.Checkout(*checkout, time.Now().Add(-2*time.Second)))
		return
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "gentree: -out is required")
		os.Exit(2)
	}
	manifests, err := gentree.Write(*out, gentree.Options{Videos: *n, Seed: *seed, Rows: *rows})
	exitOn(err)
	if *rendered {
		exitOn(gentree.MarkRendered(*out))
	}
	old := time.Now().Add(-time.Hour)
	// reel's cache folder made now: made by the first plan, it would
	// change the project folder's mtime after the plan read it
	exitOn(os.MkdirAll(filepath.Join(*out, ".reel", "cache"), 0o755))
	if *ninja {
		exitOn(gentree.WriteNinja(*out, manifests, old))
	}
	exitOn(gentree.Age(*out, old))
}

func exitOn(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "gentree:", err)
		os.Exit(1)
	}
}

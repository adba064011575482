package main

import (
	"errors"
	"flag"
	"fmt"
	"net"
	"path/filepath"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/preview/review"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/planner"
)

var reviewCommand = &command{
	Name:    "review",
	Args:    "[paths|ids...]",
	Summary: "write .reel/review/index.html: each video with work, its draft or output, script, changes and cost",
	Long: `Writes the review page of the plan, .reel/review/index.html, with its
videos in .reel/review/media/: for each video with work to do, its draft
(reel preview makes them) or its rendered output in a player, its script,
its changed fields (old → new), its estimated cost, and the totals. The
folder stands alone, linked relatively: open it from disk, or upload it as
a CI job's artifact for a pull request. Calls no provider.
--serve serves the page on 127.0.0.1 (--addr) until Ctrl-C, writes it
anew on every save in the project and whenever a draft is made, and the
page in the browser reloads itself.
Exit: 0, or 1 when a manifest is invalid or the page cannot be written.
`,
	Flags: func(fs *flag.FlagSet) any {
		var o reviewOptions
		fs.BoolVar(&o.serve, "serve", false, "serve the page on 127.0.0.1 and write it anew on every save")
		fs.StringVar(&o.addr, "addr", review.DefaultAddr, "serve on `ADDRESS` (host:port), a loopback one (with --serve)")
		return &o
	},
	Needs:    map[string]string{"addr": "serve"},
	Run:      runReview,
	Complete: planner.KnownIDs,
}

type reviewOptions struct {
	serve bool
	addr  string
}

func runReview(e *env, flags any, args []string) error {
	o := flags.(*reviewOptions)
	if o.serve && !review.Loopback(o.addr) {
		return cli.Usagef("--addr %s: serve on a loopback address, such as %s: the page is for this machine", o.addr, review.DefaultAddr)
	}
	root, err := e.writeReview(args)
	if err != nil || !o.serve {
		return err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return fmt.Errorf("--addr %s: %v: choose another port with --addr 127.0.0.1:PORT", o.addr, errors.Unwrap(err))
	}
	ctx, stop := cli.Interruptible(nil, render.Interrupted)
	defer stop()
	fmt.Fprintf(e.stdout, "serving the review page on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	return review.Serve(ctx, ln, root, func() {
		if _, err := e.writeReview(args); err != nil {
			e.printErrors(err) // the page keeps serving the last one written
		}
	})
}

// writeReview plans the videos args select and writes their review page,
// saying where; root is the project's.
func (e *env) writeReview(args []string) (root string, err error) {
	set, p, err := e.planning().Full(planner.Select(e.dir, args))
	if err != nil {
		return "", err
	}
	root = set.Project.Root
	page := review.Of(set.Project, p)
	dir := filepath.Join(root, review.Dir)
	if err := review.Write(dir, page); err != nil {
		return root, err
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s, %s\n", e.rel(filepath.Join(dir, "index.html")), english.Count(len(page.Videos), "video"), page.Summary())
	return root, nil
}

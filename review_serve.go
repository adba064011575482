package main

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/preview/review"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/watch"
)

// defaultReviewAddr is where reel review --serve listens unless --addr
// says otherwise.
const defaultReviewAddr = "127.0.0.1:8022"

// draftsPoll is how often reel review --serve looks at the drafts folder,
// which the watcher leaves alone as it leaves every dot folder.
const draftsPoll = time.Second

// loopback reports whether addr (host:port) is on a loopback address.
func loopback(addr string) bool {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return false
	}
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// serveReview is reel review --serve: the page of the project at root
// served on addr until interrupted, written anew after every burst of
// saves in the project (watch's watcher) and whenever a draft is made;
// the page polls the server and reloads itself when it is rewritten.
func (e *env) serveReview(root string, pos []string, addr string) int {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return e.fail(fmt.Errorf("--addr %s: %v: choose another port with --addr 127.0.0.1:PORT", addr, unwrap(err)))
	}
	srv := &http.Server{Handler: review.Handler(filepath.Join(root, reviewDir)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	ctx, stop := interruptible(e.stderr)
	defer stop()
	rewrite := make(chan struct{}, 1)
	poke := func() {
		select {
		case rewrite <- struct{}{}:
		default:
		}
	}
	w, err := watch.New(watch.Options{Root: root, Skip: skipOutputs(root), Ignore: isLock(root), OnBatch: func(watch.Batch) { poke() }})
	if err != nil {
		return e.fail(err)
	}
	defer w.Close()
	go w.Run(ctx)
	go watchDrafts(ctx, root, poke)
	fmt.Fprintf(e.stdout, "serving the review page on http://%s/ (Ctrl-C to stop)\n", ln.Addr())
	for {
		select {
		case <-ctx.Done():
			return exitOK
		case <-rewrite:
			e.writeReview(pos) // its errors are printed; the page keeps serving the last one written
		}
	}
}

// skipOutputs is the watcher's Skip: the output folder, whose files reel
// writes itself.
func skipOutputs(root string) func(string) bool {
	proj, err := manifest.LoadProject(root)
	return func(dir string) bool { return err == nil && dir == proj.OutputDir }
}

// isLock is the watcher's Ignore: reel.lock, which reel writes itself.
func isLock(root string) func(string) bool {
	file := filepath.Join(root, lock.FileName)
	return func(path string) bool { return path == file }
}

// watchDrafts pokes whenever the drafts folder changes (a draft made or
// removed), until ctx ends.
func watchDrafts(ctx context.Context, root string, poke func()) {
	_, last := measuredDrafts(root)
	t := time.NewTicker(draftsPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, now := measuredDrafts(root); now != last {
				last = now
				poke()
			}
		}
	}
}

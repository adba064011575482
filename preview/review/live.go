package review

import (
	"context"
	"net"
	"net/http"
	"path/filepath"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/watch"
)

// DefaultAddr is where reel review --serve listens unless --addr says
// otherwise.
const DefaultAddr = "127.0.0.1:8022"

// draftsPoll is how often Serve looks at the drafts folder, which the
// watcher leaves alone as it leaves every dot folder.
const draftsPoll = time.Second

// Loopback reports whether addr (host:port) is on a loopback address.
func Loopback(addr string) bool {
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

// Serve serves the review page of the project at root on ln until ctx
// ends, calling rewrite to write it anew after every burst of saves in the
// project (watch's watcher) and whenever a draft is made or removed; the
// page polls the server and reloads itself when it is rewritten.
func Serve(ctx context.Context, ln net.Listener, root string, rewrite func()) error {
	srv := &http.Server{Handler: Handler(filepath.Join(root, Dir)), ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln)
	defer srv.Close()
	poked := make(chan struct{}, 1)
	poke := func() {
		select {
		case poked <- struct{}{}:
		default:
		}
	}
	w, err := watch.New(watch.Options{Root: root, Skip: skipOutputs(root), Ignore: isLock(root), OnBatch: func(watch.Batch) { poke() }})
	if err != nil {
		return err
	}
	defer w.Close()
	go w.Run(ctx)
	go watchDrafts(ctx, root, poke)
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-poked:
			rewrite()
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
	return func(name string) bool { return name == file }
}

// watchDrafts pokes whenever the drafts folder changes (a draft made or
// removed), until ctx ends.
func watchDrafts(ctx context.Context, root string, poke func()) {
	_, last := preview.Measured(root)
	t := time.NewTicker(draftsPoll)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			if _, now := preview.Measured(root); now != last {
				last = now
				poke()
			}
		}
	}
}

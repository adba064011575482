package watch

import (
	"context"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
)

// Defaults of Options.
const (
	DefaultDebounce = 200 * time.Millisecond
	DefaultPoll     = 2 * time.Second
)

// Batch is what one quiet period changed.
type Batch struct {
	Changed []string // absolute, sorted: new files and files whose content differs
	Removed []string // absolute, sorted
	// Rescan says the batch was found by rescanning the project after the
	// system dropped events.
	Rescan bool
}

// Empty reports whether nothing changed.
func (b Batch) Empty() bool { return len(b.Changed) == 0 && len(b.Removed) == 0 }

// Options configure a Watcher.
type Options struct {
	Root string // watched with every folder below it
	// Skip reports a folder not to watch, beyond dot folders (.git, .reel):
	// the output folder, whose files reel writes itself.
	Skip func(dir string) bool
	// Ignore reports a file whose changes mean nothing, beyond TempName:
	// reel.lock, which reel writes itself.
	Ignore func(path string) bool
	// Debounce is the quiet period a batch waits for (DefaultDebounce).
	Debounce time.Duration
	// Poll is how often folders the system would not watch are rescanned
	// instead (DefaultPoll).
	Poll  time.Duration
	Clock Clock // WallClock when nil
	// OnBatch gets each quiet period's changes, one call at a time, in order.
	OnBatch func(Batch)
	// OnNotice is told when the watcher falls back to rescanning, and why.
	OnNotice func(string)
}

// source is what the watcher needs of fsnotify: a test stands in for it to
// refuse watches as a system at its limit does.
type source interface {
	Add(dir string) error
	Remove(dir string) error
}

// Watcher turns file events into batches of content changes.
type Watcher struct {
	opt    Options
	fsw    *fsnotify.Watcher // nil when the system refused an inotify instance
	src    source
	events <-chan fsnotify.Event
	errs   <-chan error

	emit sync.Mutex // held across OnBatch, so batches never overlap
	mu   sync.Mutex
	// files is the content hash of every file below Root, the baseline a
	// change is measured against (a touch or a save of the same bytes is
	// no change).
	files   map[string]digest
	dirs    map[string]bool // watched
	over    map[string]bool // refused by the watch limit: polled instead
	pending map[string]bool // paths with events since the last batch
	rescan  bool            // events were dropped: compare everything
	gen     int             // the debounce timer's generation
	stop    func() bool     // cancels the debounce timer
	polling bool
	closed  bool
}

// New watches opt.Root and every folder below it, and hashes every file as
// the baseline changes are measured against.
func New(opt Options) (*Watcher, error) {
	fsw, err := fsnotify.NewWatcher()
	var src source = refused{err}
	if err == nil {
		src = fsw
	} else if !atLimit(err) {
		return nil, fmt.Errorf("cannot watch files: %w", err)
	}
	w := newWatcher(opt, src)
	if fsw != nil {
		w.fsw, w.events, w.errs = fsw, fsw.Events, fsw.Errors
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	w.addTree(w.opt.Root, false)
	return w, nil
}

// refused stands for fsnotify when the system would not even start an
// inotify instance: every folder is then polled.
type refused struct{ err error }

func (r refused) Add(string) error    { return r.err }
func (r refused) Remove(string) error { return nil }

func newWatcher(opt Options, src source) *Watcher {
	if opt.Debounce <= 0 {
		opt.Debounce = DefaultDebounce
	}
	if opt.Poll <= 0 {
		opt.Poll = DefaultPoll
	}
	if opt.Clock == nil {
		opt.Clock = WallClock{}
	}
	opt.Root = filepath.Clean(opt.Root)
	return &Watcher{opt: opt, src: src, files: map[string]digest{}, dirs: map[string]bool{}, over: map[string]bool{}, pending: map[string]bool{}}
}

// Run passes file events on until ctx ends, then stops watching.
func (w *Watcher) Run(ctx context.Context) error {
	defer w.Close()
	for {
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-w.events:
			if !ok {
				return nil
			}
			w.handle(ev)
		case err, ok := <-w.errs:
			if !ok {
				return nil
			}
			w.handleError(err)
		}
	}
}

// Close stops watching; it returns once no batch is being delivered.
func (w *Watcher) Close() {
	w.mu.Lock()
	w.closed = true
	if w.stop != nil {
		w.stop()
	}
	w.mu.Unlock()
	if w.fsw != nil {
		w.fsw.Close()
	}
	w.emit.Lock()
	w.emit.Unlock()
}

// handle notes one event and restarts the quiet period. A new folder is
// watched at once, and what is already in it taken as changed: files
// written before its watch began raise no event of their own.
func (w *Watcher) handle(ev fsnotify.Event) {
	path := filepath.Clean(ev.Name)
	if w.ignored(path) {
		return
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.closed {
		return
	}
	switch {
	case w.dirs[path] && (ev.Has(fsnotify.Remove) || ev.Has(fsnotify.Rename)):
		w.drop(path)
	case ev.Has(fsnotify.Create) && isDir(path):
		if w.skip(path) {
			return
		}
		w.addTree(path, true)
	}
	w.pending[path] = true
	w.arm()
}

// handleError turns a dropped-events error into a rescan: a missed change
// would leave a stale plan on screen with nothing to say so.
func (w *Watcher) handleError(err error) {
	if isOverflow(err) {
		w.notice("the system dropped file events (too many changes at once): rescanning the project")
		w.mu.Lock()
		w.rescan = true
		w.arm()
		w.mu.Unlock()
		return
	}
	w.notice("watching: " + err.Error())
}

// arm (re)starts the quiet period; w.mu is held.
func (w *Watcher) arm() {
	w.gen++
	if w.stop != nil {
		w.stop()
	}
	gen := w.gen
	w.stop = w.opt.Clock.AfterFunc(w.opt.Debounce, func() { w.flush(gen) })
}

// flush ends a quiet period: unless another event restarted it meanwhile,
// it compares what the events touched and delivers what changed.
func (w *Watcher) flush(gen int) {
	w.emit.Lock()
	defer w.emit.Unlock()
	w.mu.Lock()
	if gen != w.gen || w.closed {
		w.mu.Unlock()
		return
	}
	b := w.collect()
	w.mu.Unlock()
	if !b.Empty() && w.opt.OnBatch != nil {
		w.opt.OnBatch(b)
	}
}

// collect checks every pending path (and, after dropped events, every
// file); w.mu is held.
func (w *Watcher) collect() Batch {
	var b Batch
	if w.rescan {
		w.rescan = false
		clear(w.pending)
		w.rescanAll(&b)
	}
	for len(w.pending) > 0 { // checking a new folder adds its files
		paths := make([]string, 0, len(w.pending))
		for p := range w.pending {
			paths = append(paths, p)
		}
		clear(w.pending)
		for _, p := range paths {
			w.check(p, &b)
		}
	}
	sort.Strings(b.Changed)
	sort.Strings(b.Removed)
	return b
}

func (w *Watcher) notice(msg string) {
	if w.opt.OnNotice != nil {
		w.opt.OnNotice(msg)
	}
}

// ignored reports a file whose events are never a save.
func (w *Watcher) ignored(path string) bool {
	return TempName(filepath.Base(path)) || w.opt.Ignore != nil && w.opt.Ignore(path)
}

// skip reports a folder that is not watched: dot folders below the root
// (.git's churn, reel's own .reel) and what Options.Skip names.
func (w *Watcher) skip(dir string) bool {
	if dir == w.opt.Root {
		return false
	}
	return strings.HasPrefix(filepath.Base(dir), ".") || w.opt.Skip != nil && w.opt.Skip(dir)
}

// within reports whether path is dir or below it.
func within(dir, path string) bool {
	return path == dir || strings.HasPrefix(path, dir+string(filepath.Separator))
}

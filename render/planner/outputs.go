package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"path/filepath"
	"sort"
	"sync"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
)

// Outputs is the plan's view of output_dir: whether an output exists, its
// size and its SHA-256. An output that stats as it did when last hashed
// keeps that hash: a no-op does not read gigabytes of video. The last
// hash is the one the last snapshot recorded (if the output was not
// modified just before it), or, for an Outputs kept across plans as reel
// watch keeps it, the one it took itself.
type Outputs struct {
	dir  string
	prev *snapshot.Snapshot

	mu   sync.Mutex
	seen map[string]snapshot.File
}

// NewOutputs reads outputs below dir, trusting prev's hashes (prev may be nil).
func NewOutputs(dir string, prev *snapshot.Snapshot) *Outputs {
	return &Outputs{dir: dir, prev: prev, seen: map[string]snapshot.File{}}
}

// StatOutputs is Outputs without a snapshot.
func StatOutputs(dir string) plan.Stat { return NewOutputs(dir, nil).Stat }

// Dir is the output folder.
func (o *Outputs) Dir() string { return o.dir }

// Stat reports on one output, by its slash path below the output folder.
func (o *Outputs) Stat(rel string) (plan.Output, error) {
	path := filepath.Join(o.dir, filepath.FromSlash(rel))
	now, err := snapshot.Stat(path)
	if err != nil {
		return plan.Output{}, err
	}
	if now.Size < 0 { // missing: recorded too, so its coming back is noticed
		o.mu.Lock()
		o.seen[path] = now
		o.mu.Unlock()
		return plan.Output{}, nil
	}
	if was, ok := o.prev.Lookup(path); ok && was.SHA256 != "" && was.Size == now.Size && was.Mtime == now.Mtime && o.prev.Trusted(was) {
		now.SHA256 = was.SHA256
	} else if was, ok := o.hashed(path); ok && was.Size == now.Size && was.Mtime == now.Mtime {
		now.SHA256 = was.SHA256
	} else if now.SHA256, err = hashFile(path); err != nil {
		return plan.Output{}, err
	}
	o.mu.Lock()
	o.seen[path] = now
	o.mu.Unlock()
	return plan.Output{Exists: true, Size: now.Size, SHA256: now.SHA256}, nil
}

// hashed is the output at path as this Outputs last hashed it.
func (o *Outputs) hashed(path string) (snapshot.File, bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	f, ok := o.seen[path]
	return f, ok && f.SHA256 != ""
}

// Seen returns what Stat found, to record in the next snapshot.
func (o *Outputs) Seen() []snapshot.File {
	o.mu.Lock()
	defer o.mu.Unlock()
	out := make([]snapshot.File, 0, len(o.seen))
	for _, f := range o.seen {
		out = append(out, f)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out
}

// hashFile is the SHA-256 of the output at path, which must be a regular
// file of at most safefile.Output: a FIFO or a symlink to /dev/zero a
// branch committed in its place is refused, not read.
func hashFile(path string) (string, error) {
	f, _, err := safefile.Open(path, safefile.Output)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, safefile.LimitReader(f, path, safefile.Output)); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

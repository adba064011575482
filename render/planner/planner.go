// Package planner makes the project's plan, in the quickest of its forms
// that gives the very plan a load of every manifest gives:
//
//   - read from the snapshot (render/snapshot), when no input changed;
//   - re-planned, when only some manifests were edited in place: their
//     videos are planned against their own blocks of reel.lock and spliced
//     into the snapshot's plan;
//   - in full, loading and validating every manifest, which saves the
//     snapshot the next plan reads.
//
// When the quicker forms cannot give the plan, FromSnapshot says why with
// a *NeedFull, whose Reason a caller tells by errors.As. Live is the form
// reel watch keeps: every video's action in memory, re-planned in part on
// each save. Outputs is how all of them see output_dir.
package planner

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
	"github.com/reel-dev/reel/schema"
)

// Options configure a Planner.
type Options struct {
	Provider string // --provider: every video's provider
	Sandbox  *bool  // --sandbox: overrides reel.yaml's sandbox; nil as reel.yaml says
	// GC tunes the garbage collector for a phase of planning and returns
	// the function that puts it back; nil leaves the collector alone. A
	// process that plans once and exits sets it (see Phase): a library
	// must not tune the collector of the program it is part of.
	GC func(Phase) (restore func())
	// Measured, when set, gives the lengths measured of the videos of the
	// project at root before they render (reel preview's drafts), which
	// estimates prefer to 150 words a minute, and a stamp that changes
	// whenever they may have: a plan read from the snapshot is only as
	// fresh as it.
	Measured func(root string) (m Measure, stamp string)
	// Test plans test renders (reel render --test): each video's API is
	// asked for its free, watermarked test mode, under a render key of its
	// own, against the lock and outputs of TestsDir; no snapshot is read
	// or saved.
	Test bool
	// Store opens the project's store, which WithStore asks what was
	// rendered; nil plans from reel.lock alone.
	Store StoreOpener
}

// Phase is a stretch of planning whose garbage is of one kind, for the GC
// hook.
type Phase int

const (
	// ReadingSnapshot is a plan read from the snapshot, with a few edited
	// manifests re-planned: little garbage, all of it gone when a process
	// that plans once ends.
	ReadingSnapshot Phase = iota + 1
	// Loading is manifests loading: much short-lived garbage (YAML nodes,
	// schema checks) beside a heap that keeps growing.
	Loading
)

// Planner makes the plan of the project found at its folder.
type Planner struct {
	dir string
	opt Options
}

// New returns the planner of the project at dir or a folder above it.
func New(dir string, opt Options) *Planner { return &Planner{dir: dir, opt: opt} }

// gc enters a phase through the hook.
func (pl *Planner) gc(p Phase) (restore func()) {
	if pl.opt.GC == nil {
		return func() {}
	}
	return pl.opt.GC(p)
}

// loadOptions are the options manifests load with: the planner's, and
// only when some manifests are asked for.
func (pl *Planner) loadOptions(only func(manifest.ManifestFile) bool) manifest.Options {
	o := manifest.Options{Providers: registry.Manifest(), Provider: pl.opt.Provider, Sandbox: pl.opt.Sandbox, Only: only}
	if pl.opt.Test {
		o.Test, o.TestHint = true, testHint()
	}
	return o
}

// stamp is what a plan depends on besides the files a snapshot records:
// this build of reel (its executable's size and mtime, its schemas, its
// key and lock versions), the --provider and --sandbox flags, and the
// lengths measured of the project at root.
func (pl *Planner) stamp(root string) string {
	h := sha256.New()
	if exe, err := os.Executable(); err == nil {
		if st, err := os.Stat(exe); err == nil {
			fmt.Fprintf(h, "%s %d %d\n", exe, st.Size(), st.ModTime().UnixNano())
		}
	}
	for _, name := range []string{schema.Video, schema.Project} {
		src, _ := schema.Source(name)
		h.Write(src)
	}
	_, measured := pl.measure(root)
	fmt.Fprintf(h, "%s %d %s %s %s", manifest.KeyVersion, lock.Version, pl.opt.Provider, sandboxFlag(pl.opt.Sandbox), measured)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// sandboxFlag spells --sandbox for the stamp: "" when not given.
func sandboxFlag(on *bool) string {
	if on == nil {
		return ""
	}
	return strconv.FormatBool(*on)
}

package main

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/snapshot"
	"github.com/reel-dev/reel/schema"
)

// stamp is what a plan depends on besides the files a snapshot records:
// this build of reel (its executable's size and mtime, its schemas, its
// key and lock versions) and the --provider flag.
func (e *env) stamp() string {
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
	fmt.Fprintf(h, "%s %d %s", manifest.KeyVersion, lock.Version, e.provider)
	return hex.EncodeToString(h.Sum(nil))[:32]
}

// cached is the last full plan of the whole project, when none of its
// inputs changed since: the no-op path, which reads no manifest. The plan's
// actions are decoded only if they must be listed.
type cached struct {
	project *manifest.Project
	head    plan.Head
	actions []byte
}

func (c *cached) plan() (*plan.Plan, error) { return plan.Decode(c.actions) }

func (e *env) cachedPlan() (*cached, bool) {
	root, err := manifest.Find(".")
	if err != nil {
		return nil, false
	}
	s := snapshot.Load(root)
	why, updated := s.Revalidate(e.stamp())
	if os.Getenv("REEL_DEBUG") == "snapshot" {
		fmt.Fprintf(e.stderr, "snapshot: %s\n", cmpOr(why, "fresh: the plan is read from it"))
	}
	if why != "" {
		return nil, false
	}
	if updated {
		snapshot.Save(root, s) // touched files: remember their new mtimes
	}
	c := &cached{actions: s.Plan}
	if json.Unmarshal(s.Head, &c.head) != nil {
		return nil, false
	}
	if c.project, err = manifest.LoadProject(root); err != nil {
		return nil, false
	}
	return c, true
}

// fullPlan loads the videos (all, or those args name), reads the lock and
// plans. A plan of the whole project is saved as a snapshot for the next
// no-op; output hashes of the last snapshot are reused where the files
// still stat the same.
func (e *env) fullPlan(args []string) (*manifest.Set, *plan.Plan, int) {
	start := time.Now()
	set, code := e.load(args)
	if code != exitOK {
		return nil, nil, code
	}
	root := set.Project.Root
	prev := snapshot.Load(root)
	outs := render.NewOutputs(set.Project.OutputDir, prev)
	l, err := lock.Read(filepath.Join(root, lock.FileName))
	if err != nil {
		return nil, nil, e.fail(err)
	}
	p, err := plan.Make(set.Videos, l, plan.NewPrices(set.Project.Config.Pricing), outs.Stat)
	if err != nil {
		return nil, nil, e.fail(err)
	}
	if len(args) > 0 {
		p.DropOrphans() // a partial plan cannot tell an orphan from an unselected video
	} else {
		e.saveSnapshot(set, outs, p, start)
	}
	return set, p, exitOK
}

// saveSnapshot records the plan and every input it read. A failure only
// costs the next no-op its speed, so it is not reported.
func (e *env) saveSnapshot(set *manifest.Set, outs *render.Outputs, p *plan.Plan, start time.Time) {
	root := set.Project.Root
	sums := map[string]string{} // content already hashed by the load
	for path, sum := range set.Sums {
		sums[path] = sum
	}
	paths := []string{filepath.Join(root, manifest.ProjectFile), filepath.Join(root, lock.FileName)}
	paths = append(paths, set.Dirs...)
	for _, v := range set.Videos {
		if _, ok := sums[v.File]; !ok {
			continue // not read by this load: nothing known of its content
		}
		for _, a := range v.Request.Assets {
			if _, ok := sums[a.Path]; !ok {
				sums[a.Path] = strings.TrimPrefix(a.Ref, "sha256:")
				paths = append(paths, a.Path)
			}
		}
	}
	for path := range set.Sums {
		paths = append(paths, path)
	}
	head, _ := json.Marshal(plan.HeadOf(p))
	s := &snapshot.Snapshot{Stamp: e.stamp(), Written: start.UnixNano(), Head: head, Plan: plan.Encode(p)}
	for _, path := range paths {
		f, err := snapshot.Stat(path)
		if err != nil {
			return
		}
		if f.Size >= 0 {
			if f.SHA256 = sums[path]; f.SHA256 == "" {
				if f.SHA256, err = snapshot.Sum(path, f.Dir); err != nil {
					return
				}
			}
		}
		s.Files = append(s.Files, f)
	}
	s.Files = append(s.Files, outs.Seen()...)
	snapshot.Save(root, s)
}

func cmpOr(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

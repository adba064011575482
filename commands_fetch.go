package main

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"github.com/reel-dev/reel/internal/english"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/planner"
)

func init() {
	details["fetch"] = `Downloads each output reel.lock records but that is missing here (a fresh
clone, a cleaned output folder), or that is not the file recorded, from the
provider, API and job that made it, whatever reel.yaml, the manifests or
--provider say now. It works from reel.lock alone: a video whose manifest
is gone is fetched by its id. It never renders, never pays and checks no
budget; it writes nothing to reel.lock.
Each download must be the very file recorded (its size and SHA-256), or it
is not saved. The lock does not say whether captions were burned in: the
job's captioned video is tried first, then the plain one, and the one with
the recorded SHA-256 is kept; a caption file is fetched for a render whose
captions were not burned in.
Arguments: video ids (an id without @ takes its variants too), manifest
files or folders of them. Without any, every video in reel.lock.
With a store in reel.yaml, each output comes from the store first (checked
by its SHA-256 like any download), and from the provider only if the store
lacks it: a fresh clone needs no provider key for what the store holds.
Flags:
  --wait DURATION  how long to wait for another reel render on this project (default 3s)
Exit: 0 all fetched (or nothing missing), 1 none, 3 some failed, 130 interrupted.
`
	details["forget"] = `Removes videos from reel.lock, so the next reel render creates them anew.
For a create reel could not confirm (reel render says so): check the
provider's dashboard first, or you may pay twice. Outputs are left alone.
With a store, a create another machine started and never confirmed is
forgotten there too (by the video's current render key), so any clone
renders it anew.

--avatar NAME forgets what reel could not confirm of a photo avatar: its
look generations whose answer was lost, or else its training, which the
next reel render does anew (paid again).
`
}

func runFetch(e *env, args []string) int {
	fs := e.flags("fetch")
	wait := fs.Duration("wait", 3*time.Second, "wait up to `DURATION` for another reel render on this project (default 3s)")
	offline := fs.Bool("offline", false, offlineUsage)
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	unlock, code := e.lockRun(*wait)
	if code != exitOK {
		return code
	}
	defer unlock()
	p, l, code := e.projectAndLock()
	if code != exitOK {
		return code
	}
	ids, err := fetchSelection(p, l, e.dir, pos)
	if err != nil {
		return e.fail(err)
	}
	recs, failed := e.missingOutputs(p, l, ids, len(pos) > 0)
	if len(recs)+len(failed) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to fetch: every output reel.lock records is here.")
		return exitOK
	}
	sh, err := e.sharedFor(p, *offline)
	if err != nil {
		return e.fail(err)
	}
	if e.keysMissing(recordedProviders(notStored(sh, recs))) {
		return exitError
	}
	return e.fetch(p, recs, failed)
}

// fetch downloads the recorded outputs, shows progress and reports the end.
// failed holds the videos whose outputs could not even be checked.
func (e *env) fetch(p *manifest.Project, recs []render.Recorded, failed map[string]error) int {
	if err := render.RemoveStaleDownloads(p.OutputDir); err != nil {
		return e.fail(err)
	}
	ps := &render.Providers{Config: p.Config.Providers}
	defer ps.Close()
	width := 0
	for _, r := range recs {
		width = max(width, len(r.ID))
	}
	var prog render.Progress = render.Plain{W: e.stderr, IDs: width}
	if isTerminal(e.stderr) {
		prog = render.NewLive(e.stderr, len(recs), width)
	}
	ctx, stop := interruptible(nil)
	defer stop()
	r := &render.Runner{Project: p, Open: ps.Open, Limits: limits(p), Event: prog.Event, Store: e.shared}
	res := r.Fetch(ctx, recs)
	e.storeWarning(e.shared, "what it lacked came from the providers")
	prog.Close()
	for id, err := range res.Failed {
		failed[id] = err
	}
	return e.fetchResult(ctx, res, failed)
}

// fetchResult prints each failure and the summary, and picks the exit code.
func (e *env) fetchResult(ctx context.Context, res render.FetchResult, failed map[string]error) int {
	ids := make([]string, 0, len(failed))
	for id := range failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(e.stderr, "reel: %s: %v\n", id, failed[id])
	}
	total := len(res.Done) + len(failed) + len(res.Stopped)
	line := fmt.Sprintf("Fetched %d of %d missing %s", len(res.Done), total, english.Plural(total, "output"))
	if len(failed) > 0 {
		line += fmt.Sprintf("; %d failed", len(failed))
	}
	if len(res.Stopped) > 0 {
		line += fmt.Sprintf("; %d stopped", len(res.Stopped))
	}
	fmt.Fprintln(e.stdout, line+".")
	switch {
	case errors.Is(ctx.Err(), context.Canceled):
		fmt.Fprintln(e.stderr, "reel: interrupted: run reel fetch again for the rest")
		return exitInterrupted
	case len(failed) == 0:
		return exitOK
	case len(res.Done) > 0:
		return exitPartial
	}
	return exitError
}

// fetchSelection returns the ids of reel.lock's videos the arguments name,
// sorted: a video id (one without @ takes its variants too), or a manifest
// file or folder of them, as other commands take them. A video whose
// manifest is gone is named by its id. No argument names every video.
func fetchSelection(p *manifest.Project, l *lock.Lock, dir string, args []string) ([]string, error) {
	all := make([]string, 0, len(l.Videos))
	for id := range l.Videos {
		all = append(all, id)
	}
	sort.Strings(all)
	if len(args) == 0 {
		return all, nil
	}
	picked := map[string]bool{}
	var miss []string
	for _, a := range args {
		hit := pickIDs(all, picked, func(id string) bool { return id == a || baseID(id) == a })
		if !hit {
			files, err := manifestIDs(p, dir, a)
			if err != nil {
				return nil, err
			}
			hit = pickIDs(all, picked, func(id string) bool { return files[baseID(id)] })
		}
		if !hit {
			miss = append(miss, fmt.Sprintf("%q", a))
		}
	}
	if len(miss) > 0 {
		return nil, fmt.Errorf("no video in reel.lock matches %s: give a video id (reel status lists them), a manifest file or a folder of them", strings.Join(miss, ", "))
	}
	var out []string
	for _, id := range all {
		if picked[id] {
			out = append(out, id)
		}
	}
	return out, nil
}

// pickIDs marks the ids that match, and reports whether any did.
func pickIDs(all []string, picked map[string]bool, match func(string) bool) bool {
	hit := false
	for _, id := range all {
		if match(id) {
			picked[id], hit = true, true
		}
	}
	return hit
}

// baseID is a video id without its variant.
func baseID(id string) string {
	base, _, _ := strings.Cut(id, "@")
	return base
}

// manifestIDs is the ids of the manifests a path argument names: a
// manifest file or a folder of them.
func manifestIDs(p *manifest.Project, dir, arg string) (map[string]bool, error) {
	files, err := p.Manifests()
	if err != nil {
		return nil, err
	}
	only, _, _ := selector(dir, []string{arg})
	ids := map[string]bool{}
	for _, f := range files {
		if only(f) {
			ids[f.ID] = true
		}
	}
	return ids, nil
}

// missingOutputs returns the recorded render of each video in ids whose
// output is missing or is not the file recorded, and the videos whose
// output could not be checked (a FIFO in its place, or a path out of
// output_dir). A video with no
// finished render is passed over, and said to be when it was named.
func (e *env) missingOutputs(p *manifest.Project, l *lock.Lock, ids []string, named bool) ([]render.Recorded, map[string]error) {
	stat := planner.StatOutputs(p.OutputDir)
	var recs []render.Recorded
	failed := map[string]error{}
	for _, id := range ids {
		v := l.Videos[id]
		if v.State != lock.Done || v.Output == "" {
			if named {
				fmt.Fprintf(e.stderr, "reel: %s: no finished render in reel.lock to fetch (it is %s): run reel render %s\n", id, v.State, id)
			}
			continue
		}
		if _, err := render.OutputPath(p.OutputDir, v.Output); err != nil {
			failed[id] = err // planted by a branch: not even looked at
			continue
		}
		out, err := stat(v.Output)
		switch {
		case err != nil:
			failed[id] = err
		case !out.Exists || out.Size != v.Size || out.SHA256 != v.SHA256:
			recs = append(recs, render.Recorded{ID: id, Render: v.Render()})
		}
	}
	return onePerOutput(recs, failed), failed
}

// onePerOutput keeps one download per output file. Two entries may record
// one output (a renamed manifest leaves its old id until reel gc): the
// same file is fetched once; different files are not fetched, for either
// would undo the other, and each is failed saying so.
func onePerOutput(recs []render.Recorded, failed map[string]error) []render.Recorded {
	byOutput := map[string][]render.Recorded{}
	for _, r := range recs {
		byOutput[r.Output] = append(byOutput[r.Output], r)
	}
	var out []render.Recorded
	for _, r := range recs {
		same := byOutput[r.Output]
		switch {
		case same[0].ID != r.ID:
		case sameFile(same):
			out = append(out, r)
		default:
			for _, x := range same {
				failed[x.ID] = fmt.Errorf("reel.lock records %s as the output of %d videos, as different files: `reel gc` removes the entries no manifest names", x.Output, len(same))
			}
		}
	}
	return out
}

// sameFile reports whether the records are all of one file.
func sameFile(recs []render.Recorded) bool {
	for _, r := range recs[1:] {
		if r.Size != recs[0].Size || r.SHA256 != recs[0].SHA256 {
			return false
		}
	}
	return true
}

// recordedProviders names the providers the recorded renders come from,
// whose keys fetching them needs.
func recordedProviders(recs []render.Recorded) []string {
	out := make([]string, len(recs))
	for i, r := range recs {
		out[i] = r.Provider
	}
	return out
}

func runForget(e *env, args []string) int {
	fs := e.flags("forget")
	offline := fs.Bool("offline", false, "leave reel.yaml's store out: forget in reel.lock only")
	avatars := fs.String("avatar", "", "forget what reel could not confirm of the photo avatar `NAME`")
	pos, err := e.parse(fs, args)
	if err != nil || len(pos) == 0 && *avatars == "" {
		return e.usage("%v", cmp.Or(err, errors.New("forget takes the ids of the videos to forget, or --avatar NAME")))
	}
	p, _, code := e.projectAndLock()
	if code != exitOK {
		return code
	}
	var gone, missing []string
	keys := map[string]string{} // id → render key, for the store
	_, err = lock.Update(filepath.Join(p.Root, lock.FileName), func(l *lock.Lock) error {
		gone, missing = forgetAvatar(l, *avatars), nil
		for _, id := range pos {
			if e := l.Videos[id]; e != nil {
				keys[id] = e.Key
				gone = append(gone, fmt.Sprintf("%s (%s, job %s)", id, e.State, orDash(e.Job)))
				l.Remove(id)
			} else {
				missing = append(missing, id)
			}
		}
		return nil
	})
	if err != nil {
		return e.fail(err)
	}
	sort.Strings(gone)
	for _, g := range gone {
		fmt.Fprintf(e.stdout, "forgot %s\n", g)
	}
	missing = e.forgetStored(p, keys, missing, *offline)
	if len(missing) > 0 {
		return e.fail(fmt.Errorf("not in reel.lock: %s", strings.Join(missing, ", ")))
	}
	return exitOK
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

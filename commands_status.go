package main

import (
	"cmp"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

func init() {
	details["status"] = "Shows reel.lock: each video's state, provider, job and output, and whether\nthe output is on disk. Jobs in flight are listed first. --json prints it as\nJSON (reel schema status).\n"
	details["gc"] = `Lists what no manifest refers to any more: lock entries of deleted videos,
files in output_dir that no video writes, requests in .reel/requests that
no lock entry needs, and photo avatars no video uses: their trainings in
reel.lock, and those reel.yaml declares. --yes removes them (a training's
group stays in the provider's account; reel.yaml is left as it is).
Outputs of videos that still exist are never touched.
`
}

// statusRow is one video of `reel status`.
type statusRow struct {
	ID       string     `json:"id"`
	State    lock.State `json:"state"`
	Provider string     `json:"provider"`
	Job      string     `json:"job,omitempty"`
	Output   string     `json:"output,omitempty"`
	OnDisk   bool       `json:"on_disk"`
	CostUSD  float64    `json:"cost_usd,omitempty"`
	Error    string     `json:"error,omitempty"`
}

func runStatus(e *env, args []string) int {
	fs := e.flags("status")
	asJSON := fs.Bool("json", false, "print the lock's videos as JSON")
	if pos, err := e.parse(fs, args); err != nil || len(pos) > 0 {
		return e.usage("%v", cmp.Or(err, errors.New("status takes no arguments, only --json")))
	}
	if *asJSON {
		e.jsonMode("status")
	}
	p, l, code := e.projectAndLock()
	if code != exitOK {
		return code
	}
	rows := make([]statusRow, 0, len(l.Videos))
	for _, v := range l.Videos {
		_, err := os.Stat(filepath.Join(p.OutputDir, filepath.FromSlash(v.Output)))
		rows = append(rows, statusRow{v.ID, v.State, v.Provider, v.Job, v.Output, v.Output != "" && err == nil, v.CostUSD, v.Error})
	}
	sort.Slice(rows, func(i, j int) bool {
		if pi, pj := rows[i].State == lock.Pending, rows[j].State == lock.Pending; pi != pj {
			return pi
		}
		return rows[i].ID < rows[j].ID
	})
	if *asJSON {
		if err := e.json.document(rows); err != nil {
			return e.fail(err)
		}
		return exitOK
	}
	w := tabwriter.NewWriter(e.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(w, "VIDEO\tSTATE\tPROVIDER\tJOB\tOUTPUT")
	for _, r := range rows {
		out := r.Output
		if out != "" && !r.OnDisk {
			out += " (missing: reel fetch)"
		}
		if r.Error != "" {
			out += " " + r.Error
		}
		fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.State, r.Provider, r.Job, out)
	}
	w.Flush()
	fmt.Fprintf(e.stdout, "%s in reel.lock\n", english.Count(len(rows), "video"))
	if n := sandboxRows(rows); n > 0 {
		fmt.Fprintf(e.stdout, "%d rendered in the sandbox (provider sandbox:...): free stand-ins that a real run renders again (sandbox: false in reel.yaml, or --sandbox=false)\n", n)
	}
	return exitOK
}

// sandboxRows counts the rows the sandbox rendered.
func sandboxRows(rows []statusRow) int {
	n := 0
	for _, r := range rows {
		if _, ok := registry.Sandboxed(r.Provider); ok {
			n++
		}
	}
	return n
}

// projectAndLock finds the project and reads its lock.
func (e *env) projectAndLock() (*manifest.Project, *lock.Lock, int) {
	root, err := manifest.Find(".")
	if err != nil {
		return nil, nil, e.fail(err)
	}
	p, err := manifest.LoadProject(root)
	if err != nil {
		e.printErrors(err)
		return nil, nil, exitError
	}
	l, err := lock.Read(filepath.Join(root, lock.FileName))
	if err != nil {
		return nil, nil, e.fail(err)
	}
	return p, l, exitOK
}

func runGC(e *env, args []string) int {
	fs := e.flags("gc")
	yes := fs.Bool("yes", false, "remove what is listed")
	if pos, err := e.parse(fs, args); err != nil || len(pos) > 0 {
		return e.usage("%v", cmp.Or(err, errors.New("gc takes no arguments, only --yes")))
	}
	set, code := e.load(nil)
	if code != exitOK {
		return code
	}
	p := set.Project
	keep := map[string]bool{} // outputs (and their sidecars) of live videos
	live := map[string]bool{}
	for _, v := range set.Videos {
		live[v.ID] = true
		keep[v.Output] = true
		stem := strings.TrimSuffix(v.Output, filepath.Ext(v.Output))
		for _, ext := range append(render.CaptionExts, render.ThumbnailExts...) {
			keep[stem+ext] = true
		}
	}
	l, err := lock.Read(filepath.Join(p.Root, lock.FileName))
	if err != nil {
		return e.fail(err)
	}
	var entries []string
	for id := range l.Videos {
		if !live[id] {
			entries = append(entries, id)
		}
	}
	sort.Strings(entries)
	files := strayOutputs(p.OutputDir, keep)
	requests := l.UnusedRequests()
	avatars, declared := unusedAvatars(set, l)
	for _, name := range declared {
		fmt.Fprintf(e.stdout, "unused      avatar %s: reel.yaml declares it and no video uses it (remove it there)\n", name)
	}
	for _, id := range avatars {
		fmt.Fprintf(e.stdout, "avatar      %s\n", id)
	}
	for _, id := range entries {
		fmt.Fprintf(e.stdout, "lock entry  %s\n", id)
	}
	for _, f := range files {
		fmt.Fprintf(e.stdout, "output      %s\n", f)
	}
	for _, r := range requests {
		fmt.Fprintf(e.stdout, "request     %s/%s\n", lock.RequestsDir, r)
	}
	if len(entries)+len(files)+len(requests)+len(avatars) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to collect.")
		return exitOK
	}
	if !*yes {
		fmt.Fprintf(e.stdout, "%s nothing refers to; run reel gc --yes to remove them.\n", collected(entries, files, requests, avatars))
		return exitOK
	}
	_, err = lock.Update(filepath.Join(p.Root, lock.FileName), func(l *lock.Lock) error {
		// Under the lock, so no render writes a request in between. The
		// removed entries' requests go with them, when the lock stops
		// naming them.
		removed, err := l.RemoveUnusedRequests()
		requests = removed
		for _, id := range entries {
			l.Remove(id)
		}
		for _, id := range avatars { // the trained group stays in the account
			l.RemoveAvatar(id)
		}
		return err
	})
	if err != nil {
		return e.fail(err)
	}
	for _, f := range files {
		if err := os.Remove(filepath.Join(p.OutputDir, filepath.FromSlash(f))); err != nil {
			return e.fail(err)
		}
	}
	fmt.Fprintf(e.stdout, "Removed %s.\n", collected(entries, files, requests, avatars))
	return exitOK
}

// collected counts what gc lists: "1 lock entry, 2 files and 0
// requests", and the avatars' records when there are any.
func collected(entries, files, requests, avatars []string) string {
	parts := []string{english.Count(len(entries), "lock entry"), english.Count(len(files), "file"), english.Count(len(requests), "request")}
	if len(avatars) > 0 {
		parts = append(parts, english.Count(len(avatars), "avatar training"))
	}
	return english.And(parts)
}

// strayOutputs lists the files below dir that keep does not name, skipping
// reel's own temporary downloads of a run in progress.
func strayOutputs(dir string, keep map[string]bool) []string {
	var out []string
	filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasPrefix(d.Name(), ".reel-download-") {
			return nil
		}
		rel, _ := filepath.Rel(dir, path)
		if rel = filepath.ToSlash(rel); !keep[rel] {
			out = append(out, rel)
		}
		return nil
	})
	sort.Strings(out)
	return out
}

package render

import (
	"context"
	"fmt"
	"io"
	"maps"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
)

// OpenStore opens the store reel.yaml names for p: nil when it names none
// or offline (--offline) leaves it out. A store that cannot be reached
// comes back down, and says so (Shared.Down); a bad REEL_STORE_LEASE is an
// error.
func OpenStore(ctx context.Context, p *manifest.Project, offline bool) (*Shared, error) {
	if offline || p.StoreURL() == "" {
		return nil, nil
	}
	return OpenShared(ctx, p.Root, p.StoreURL())
}

// StartStore readies the store for a run that may write to it: the store
// is marked behind until the run ends with everything written, and what an
// earlier run could not write is uploaded first, as told on w. The
// function it returns ends the run's part: it clears the mark when the
// store holds all the run rendered, and otherwise tells on w what the
// store was not given. The exit code stays the run's: every render is
// verified and recorded in reel.lock here, and the next reel render
// uploads what the store lacks. A nil sh does nothing.
func StartStore(ctx context.Context, p *manifest.Project, sh *Shared, w io.Writer) (end func()) {
	if sh == nil {
		return func() {}
	}
	since, behind := BehindSince(p.Root)
	if err := MarkBehind(p.Root); err != nil {
		fmt.Fprintf(w, "reel: warning: %v\n", err)
	}
	if behind {
		if l, err := lock.Read(filepath.Join(p.Root, lock.FileName)); err == nil {
			if n, _ := sh.CatchUp(ctx, p.OutputDir, l, since); n > 0 {
				fmt.Fprintf(w, "reel: uploaded %s that earlier runs could not to %s\n", english.Count(n, "render"), sh)
			}
		}
	}
	return func() { endStore(sh, p.Root, w) }
}

// endStore is StartStore's end of a run.
func endStore(sh *Shared, root string, w io.Writer) {
	if line := DamageWarning(sh); line != "" {
		fmt.Fprintln(w, line)
	}
	missed, down := sh.Missed(), sh.Down()
	if len(missed) == 0 && down == nil {
		ClearBehind(root)
		return
	}
	what := "some renders"
	if len(missed) > 0 {
		what = english.Count(len(missed), "video") + " (" + firstFew(missed, 5) + ")"
	}
	why := ""
	if down != nil {
		why = ": " + down.Error()
	}
	fmt.Fprintf(w, "reel: warning: %s was not updated with %s%s; they are rendered, verified and recorded in reel.lock here, and the next reel render uploads them\n", sh, what, why)
}

// DamageWarning says which outputs the store held damaged copies of in
// this run, and how to mend it; "" when there were none. Each was fetched
// from its provider instead, and verified, so the output here is the
// copy the store should have.
func DamageWarning(sh *Shared) string {
	damaged := sh.Damaged()
	if len(damaged) == 0 {
		return ""
	}
	ids := slices.Sorted(maps.Keys(damaged))
	fetched := "it was fetched from its provider"
	if len(ids) > 1 {
		fetched = "they were fetched from their providers"
	}
	return fmt.Sprintf("reel: warning: %s holds a damaged copy of the output of %s (%s, first: %s); %s instead. "+
		"To mend the store, copy each output here over its object there: the object's name is the output's SHA-256, which reel.lock records",
		sh, english.Count(len(ids), "video"), firstFew(ids, 5), damaged[ids[0]], fetched)
}

// firstFew lists up to n ids, and how many more.
func firstFew(ids []string, n int) string {
	if len(ids) <= n {
		return strings.Join(ids, ", ")
	}
	return strings.Join(ids[:n], ", ") + fmt.Sprintf(" and %d more", len(ids)-n)
}

// RunShared is a run of r (reel watch --render's) with the project's
// store, opened anew for each run (a store that failed one run is asked
// again the next): its creates take the store's leases as reel render's
// do, and what the store was not given is told on w.
func RunShared(ctx context.Context, r *Runner, p *plan.Plan, w io.Writer) Result {
	proj := r.Project
	if proj.StoreURL() == "" {
		return r.Run(ctx, p)
	}
	sh, err := OpenShared(ctx, proj.Root, proj.StoreURL())
	if err != nil {
		sh = DownShared(err) // its creates are refused, not sent unguarded
	}
	r.Store = sh
	defer StartStore(ctx, proj, sh, w)()
	return r.Run(ctx, p)
}

// ProvidersToFetch names the providers whose keys fetching recs needs:
// those of the renders whose output the store sh does not hold (a nil sh
// holds none).
func ProvidersToFetch(ctx context.Context, sh *Shared, recs []Recorded) []string {
	var held map[string]bool
	if sh != nil {
		sums := make([]string, len(recs))
		for i, r := range recs {
			sums[i] = r.SHA256
		}
		held = sh.Holds(ctx, sums)
	}
	var out []string
	for _, r := range recs {
		if !held[r.SHA256] {
			out = append(out, r.Provider)
		}
	}
	return out
}

// ForgetIntents gives up, in the store, the unconfirmed creates of the
// videos keys names (by their render keys), so that any clone renders them
// anew; each one given up is told on w, each failure on warn. It returns
// the ids whose create it gave up.
func ForgetIntents(ctx context.Context, sh *Shared, keys map[string]string, w, warn io.Writer) []string {
	var cleared []string
	for _, id := range slices.Sorted(maps.Keys(keys)) {
		rec, err := sh.ForgetIntent(ctx, keys[id])
		switch {
		case err != nil:
			fmt.Fprintf(warn, "reel: %s: the store's record was not changed: %v\n", id, err)
		case rec != nil:
			fmt.Fprintf(w, "forgot %s's unconfirmed create of %s in %s (started %s)\n", rec.Holder, id, sh, rec.Time.UTC().Format(time.RFC3339))
			cleared = append(cleared, id)
		}
	}
	return cleared
}

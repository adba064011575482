package main

import (
	"cmp"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
)

func init() {
	details["fetch"] = `Downloads the outputs reel.lock records but that are missing here (a
fresh clone, a cleaned output folder), from the jobs that made them. It
never renders and never pays: videos that need a render are left to
reel render.
`
	details["forget"] = `Removes videos from reel.lock, so the next reel render creates them anew.
For a create reel could not confirm (reel render says so): check the
provider's dashboard first, or you may pay twice. Outputs are left alone.
`
}

func runFetch(e *env, args []string) int {
	fs := e.flags("fetch")
	poll := fs.Duration("poll", render.DefaultPoll, "wait `DURATION` before the first status check; the wait grows (default 2s)")
	wait := fs.Duration("wait", 3*time.Second, "wait up to `DURATION` for another reel render on this project (default 3s)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	unlock, code := e.lockRun(*wait)
	if code != exitOK {
		return code
	}
	defer unlock()
	set, p, code := e.plan(pos, renderFlags{maxCost: -1})
	if code != exitOK {
		return code
	}
	free := &plan.Plan{}
	for _, a := range p.Actions {
		if a.Kind == plan.Download {
			free.Actions = append(free.Actions, a)
		}
	}
	if len(free.Actions) == 0 {
		fmt.Fprintln(e.stdout, "Nothing to fetch.")
		return exitOK
	}
	return e.execute(set, free, renderFlags{poll: *poll})
}

func runForget(e *env, args []string) int {
	fs := e.flags("forget")
	pos, err := e.parse(fs, args)
	if err != nil || len(pos) == 0 {
		return e.usage("%v", cmp.Or(err, errors.New("forget takes the ids of the videos to forget")))
	}
	p, _, code := e.projectAndLock()
	if code != exitOK {
		return code
	}
	var gone, missing []string
	_, err = lock.Update(filepath.Join(p.Root, lock.FileName), func(l *lock.Lock) error {
		gone, missing = nil, nil
		for _, id := range pos {
			if e := l.Videos[id]; e != nil {
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

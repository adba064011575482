package watch

import (
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/plan"
)

// Display shows a watch session as it goes. Every method may be called
// from another goroutine.
type Display interface {
	Plan(u *Update) // the first plan, then one call per re-plan
	Watching(root string)
	Notice(msg string)
	Event(render.Event) // a draft's progress
	Rendered(p *plan.Plan, res render.Result, sessionUSD float64)
}

// Lines writes plain lines (a log, a pipe); with Clear, on a terminal,
// each re-plan redraws the screen instead, so what is shown is always the
// last change's plan and not a scroll of old ones.
type Lines struct {
	W     io.Writer
	Dir   string // paths are shown relative to it
	Clear bool
	Color bool // the plan's symbols in color
	Now   func() time.Time

	mu  sync.Mutex
	ids int // the longest id of the last plan: draft progress lines align on it
}

func (l *Lines) Plan(u *Update) {
	var b strings.Builder
	if l.Clear && !u.Rendered { // after a render, keep its lines on screen
		now := time.Now
		if l.Now != nil {
			now = l.Now
		}
		fmt.Fprintf(&b, "\x1b[H\x1b[2Jreel watch  %s  %s  (Ctrl-C to stop)\n\n", l.Dir, now().Format("15:04:05"))
	}
	if len(u.Files) > 0 {
		fmt.Fprintf(&b, "changed: %s%s\n", listFiles(l.Dir, u.Files), map[bool]string{true: " (found by a rescan)"}[u.Rescan])
	}
	for _, e := range u.Errors {
		b.WriteString(e.Format(l.Dir) + "\n")
	}
	actions := u.Actions
	first := u.Full && len(u.Files) == 0 // like reel plan, what has work to do
	if first || hasRows(actions) {
		actions = nil
		for _, a := range u.Actions {
			// a row's video up to date is left out: a saved data file
			// re-plans every row of its manifest
			if a.Kind != plan.OK || !first && a.Group == "" {
				actions = append(actions, a)
			}
		}
	}
	writeActions(&b, actions, u.Removed, l.Color)
	b.WriteString(Summary(u) + "\n")
	ids := 0
	if u.Plan != nil {
		for _, a := range u.Plan.Actions {
			ids = max(ids, len(a.ID))
		}
	}
	l.mu.Lock()
	l.ids = ids
	l.mu.Unlock()
	l.write(b.String())
}

// hasRows reports whether some of the actions are of a row's video.
func hasRows(actions []plan.Action) bool {
	for _, a := range actions {
		if a.Group != "" {
			return true
		}
	}
	return false
}

// Summary is a re-plan's last line: the whole project's plan, and its
// errors if any.
func Summary(u *Update) string {
	s := plan.Summary(u.Plan)
	if u.ErrorCount > 0 {
		s += fmt.Sprintf(" %s in %s.", english.Count(u.ErrorCount, "error"), english.Count(u.ErrorFiles, "file"))
	}
	return s
}

// writeActions writes plan lines as reel plan does.
func writeActions(b *strings.Builder, actions []plan.Action, removed []string, color bool) {
	width := 0
	for _, a := range actions {
		width = max(width, len(a.ID))
	}
	for _, id := range removed {
		width = max(width, len(id))
	}
	for _, a := range actions {
		line := fmt.Sprintf("%s %-8s %-*s  %s", plan.Symbol(a.Kind, color), a.Kind, width, a.ID, a.Reason)
		if a.Kind.Paid() {
			line += "  " + a.Cost.String()
		}
		b.WriteString(strings.TrimRight(line, " ") + "\n")
	}
	for _, id := range removed {
		fmt.Fprintf(b, "%s %-8s %-*s  its manifest is gone\n", plan.Symbol(plan.Orphan, color), "removed", width, id)
	}
}

// listFiles names changed files, relative to dir, the first few of many.
func listFiles(dir string, files []string) string {
	rel := make([]string, 0, len(files))
	for _, f := range files {
		rel = append(rel, relTo(dir, f))
	}
	return listSome("files", rel)
}

// listSome names the first few of many things: a batch can hold every
// video of a project, and a line naming ten thousand helps nobody.
func listSome(noun string, names []string) string {
	const shown = 5
	s := strings.Join(names[:min(len(names), shown)], ", ")
	if len(names) > shown {
		s = fmt.Sprintf("%d %s: %s and %d more", len(names), noun, s, len(names)-shown)
	}
	return s
}

func relTo(dir, path string) string {
	if r, err := filepath.Rel(dir, path); err == nil && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return path
}

func (l *Lines) Watching(root string) {
	l.write(fmt.Sprintf("watching %s for changes (Ctrl-C to stop)\n", relTo(l.Dir, root)))
}

func (l *Lines) Notice(msg string) { l.write("reel: " + msg + "\n") }

func (l *Lines) Event(e render.Event) {
	l.mu.Lock()
	ids := l.ids
	l.mu.Unlock()
	l.write(fmt.Sprintf("%-9s %-*s  %s\n", e.Step, ids, e.ID, e.Detail))
}

func (l *Lines) Rendered(p *plan.Plan, res render.Result, sessionUSD float64) {
	var b strings.Builder
	ids := make([]string, 0, len(res.Failed))
	for id := range res.Failed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		fmt.Fprintf(&b, "reel: %s: %v\n", id, res.Failed[id])
	}
	stopped := ""
	if len(res.Stopped) > 0 {
		stopped = fmt.Sprintf(", stopped %d", len(res.Stopped))
	}
	fmt.Fprintf(&b, "Rendered %d, downloaded %d, failed %d%s. Spent about $%.2f; this session $%.2f.\n",
		res.Rendered, res.Fetched, len(res.Failed), stopped, res.SpentUSD, sessionUSD)
	l.write(b.String())
}

func (l *Lines) write(s string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	io.WriteString(l.W, s)
}

package main

import (
	"flag"
	"fmt"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
)

var gcCommand = &command{
	Name:    "gc",
	Summary: "list (and with --yes remove) lock entries and outputs no manifest refers to",
	Long: `Lists what no manifest refers to any more: lock entries of deleted videos,
files in output_dir that no video writes, requests in .reel/requests that
no lock entry needs, and photo avatars no video uses: their trainings in
reel.lock, and those reel.yaml declares. --yes removes them (a training's
group stays in the provider's account; reel.yaml is left as it is).
Outputs of videos that still exist are never touched.
`,
	Flags: func(fs *flag.FlagSet) any { return fs.Bool("yes", false, "remove what is listed") },
	Run:   runGC,
}

func runGC(e *env, flags any, args []string) error {
	set, err := e.planning().Load(nil)
	if err != nil {
		return err
	}
	g, err := render.FindGarbage(set)
	if err != nil {
		return err
	}
	for _, name := range g.Declared {
		fmt.Fprintf(e.stdout, "unused      avatar %s: reel.yaml declares it and no video uses it (remove it there)\n", name)
	}
	for _, id := range g.Avatars {
		fmt.Fprintf(e.stdout, "avatar      %s\n", id)
	}
	for _, id := range g.Entries {
		fmt.Fprintf(e.stdout, "lock entry  %s\n", id)
	}
	for _, f := range g.Files {
		fmt.Fprintf(e.stdout, "output      %s\n", f)
	}
	for _, r := range g.Requests {
		fmt.Fprintf(e.stdout, "request     %s/%s\n", lock.RequestsDir, r)
	}
	switch {
	case g.Empty():
		fmt.Fprintln(e.stdout, "Nothing to collect.")
		return nil
	case !*flags.(*bool):
		fmt.Fprintf(e.stdout, "%s nothing refers to; run reel gc --yes to remove them.\n", collected(g))
		return nil
	}
	removed, err := g.Remove(set.Project)
	if err != nil {
		return err
	}
	fmt.Fprintf(e.stdout, "Removed %s.\n", collected(removed))
	return nil
}

// collected counts what gc lists: "1 lock entry, 2 files and 0
// requests", and the avatars' records when there are any.
func collected(g render.Garbage) string {
	parts := []string{english.Count(len(g.Entries), "lock entry"), english.Count(len(g.Files), "file"), english.Count(len(g.Requests), "request")}
	if len(g.Avatars) > 0 {
		parts = append(parts, english.Count(len(g.Avatars), "avatar training"))
	}
	return english.And(parts)
}

package main

import (
	"cmp"
	"flag"
	"fmt"
	"path/filepath"
	"sort"
	"strings"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/planner"
)

var forgetCommand = &command{
	Name:    "forget",
	Args:    "ids...",
	Summary: "remove videos from reel.lock so the next render creates them anew",
	Long: `Removes videos from reel.lock, so the next reel render creates them anew.
For a create reel could not confirm (reel render says so): check the
provider's dashboard first, or you may pay twice. Outputs are left alone.
With a store, a create another machine started and never confirmed is
forgotten there too (by the video's current render key), so any clone
renders it anew.

--avatar NAME forgets what reel could not confirm of a photo avatar: its
look generations whose answer was lost, or else its training, which the
next reel render does anew (paid again).
`,
	Flags: func(fs *flag.FlagSet) any {
		var o forgetOptions
		fs.BoolVar(&o.offline, "offline", false, "leave reel.yaml's store out: forget in reel.lock only")
		fs.StringVar(&o.avatar, "avatar", "", "forget what reel could not confirm of the photo avatar `NAME`")
		return &o
	},
	Run:      runForget,
	Complete: planner.LockedIDs,
}

type forgetOptions struct {
	offline bool
	avatar  string
}

func runForget(e *env, flags any, args []string) error {
	o := flags.(*forgetOptions)
	e.offline = o.offline
	if len(args) == 0 && o.avatar == "" {
		return cli.Usagef("forget takes the ids of the videos to forget, or --avatar NAME")
	}
	p, _, err := planner.Recorded(e.dir)
	if err != nil {
		return err
	}
	gone, forgot, missing, err := lock.Forget(filepath.Join(p.Root, lock.FileName), args, o.avatar)
	if err != nil {
		return err
	}
	lines := avatarLines(o.avatar, forgot)
	keys := map[string]string{} // id → render key, for the store
	for _, v := range gone {
		keys[v.ID] = v.Key
		lines = append(lines, fmt.Sprintf("%s (%s, job %s)", v.ID, v.State, cmp.Or(v.Job, "-")))
	}
	sort.Strings(lines)
	for _, l := range lines {
		fmt.Fprintf(e.stdout, "forgot %s\n", l)
	}
	missing = e.forgetStored(p, keys, missing)
	if len(missing) > 0 {
		return fmt.Errorf("not in reel.lock: %s: give the ids reel status lists", strings.Join(missing, ", "))
	}
	return nil
}

// avatarLines is what forget --avatar NAME forgot of the avatar, in words.
func avatarLines(name string, forgot []string) []string {
	if name == "" {
		return nil
	}
	var out []string
	for _, what := range forgot {
		out = append(out, "avatar "+what)
	}
	if len(out) == 0 {
		out = append(out, "nothing of avatar "+name+": reel.lock records no training of it")
	}
	return out
}

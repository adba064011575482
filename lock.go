package main

import (
	"context"
	"fmt"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/internal/english"
)

var lockCommand = &command{
	Name:    "lock",
	Args:    "sync",
	Summary: "write the store's renders of this project into reel.lock, for a commit",
	Long: `reel lock sync writes into reel.lock the renders that the store of
reel.yaml (store:) holds of this project's videos and that reel.lock does
not record yet: renders made by another clone or a CI runner. Then commit
reel.lock, without rendering or downloading anything; reel plan counts
those renders as done either way. Videos whose render is in flight here
are left alone. It calls no provider and downloads nothing.
Exit: 0 (also when there was nothing to write), 1 no store or the store
failed.
`,
	Run: runLock,
}

func runLock(e *env, _ any, args []string) error {
	if len(args) != 1 || args[0] != "sync" {
		return cli.Usagef("lock takes one subcommand, sync: reel lock sync")
	}
	set, err := e.planning().Load(nil)
	if err != nil {
		return err
	}
	sh, err := e.sharedFor(set.Project)
	if err != nil {
		return err
	}
	if sh == nil {
		return fmt.Errorf("%s has no store: add store: s3://bucket/prefix (or file:///path) to sync reel.lock from", set.Project.File)
	}
	ids, lacked, err := sh.SyncLock(context.Background(), set.Project.Root, set.Videos)
	switch {
	case err != nil:
		return fmt.Errorf("reel.lock not synced: %w", err)
	case lacked == 0:
		fmt.Fprintln(e.stdout, "reel.lock already records the current render of every video.")
		return nil
	case len(ids) == 0:
		manifests := "their manifests are"
		if lacked == 1 {
			manifests = "its manifest is"
		}
		fmt.Fprintf(e.stdout, "The store holds no render of the %s reel.lock lacks (as %s now): reel render makes %s.\n",
			english.Count(lacked, "video"), manifests, english.Them(lacked))
		return nil
	}
	for _, id := range ids {
		fmt.Fprintf(e.stdout, "synced %s\n", id)
	}
	rest := ""
	if left := lacked - len(ids); left > 0 {
		rest = fmt.Sprintf("; it holds none of the other %s reel.lock lacks", english.Count(left, "video"))
	}
	fmt.Fprintf(e.stdout, "Synced %s from %s into reel.lock%s.\n", english.Count(len(ids), "render"), sh, rest)
	return nil
}

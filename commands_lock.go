package main

import (
	"context"
	"fmt"

	"github.com/reel-dev/reel/internal/english"
)

func init() {
	details["lock"] = `reel lock sync writes into reel.lock the renders that the store of
reel.yaml (store:) holds of this project's videos and that reel.lock does
not record yet: renders made by another clone or a CI runner. Then commit
reel.lock, without rendering or downloading anything; reel plan counts
those renders as done either way. Videos whose render is in flight here
are left alone. It calls no provider and downloads nothing.
Exit: 0 (also when there was nothing to write), 1 no store or the store
failed.
`
}

func runLock(e *env, args []string) int {
	fs := e.flags("lock")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	if len(pos) != 1 || pos[0] != "sync" {
		return e.usage("lock takes one subcommand, sync: reel lock sync")
	}
	set, err := e.planning().Load(nil)
	if err != nil {
		e.printErrors(err)
		return exitError
	}
	sh, err := e.sharedFor(set.Project, false)
	if err != nil {
		return e.fail(err)
	}
	if sh == nil {
		return e.fail(fmt.Errorf("%s has no store: add store: s3://bucket/prefix (or file:///path) to sync reel.lock from", set.Project.File))
	}
	ids, err := sh.SyncLock(context.Background(), set.Project.Root, set.Videos)
	if err != nil {
		return e.fail(fmt.Errorf("reel.lock not synced: %w", err))
	}
	if len(ids) == 0 {
		fmt.Fprintln(e.stdout, "reel.lock already records every render the store holds of these videos.")
		return exitOK
	}
	for _, id := range ids {
		fmt.Fprintf(e.stdout, "synced %s\n", id)
	}
	fmt.Fprintf(e.stdout, "Synced %s from %s into reel.lock.\n", english.Count(len(ids), "render"), sh)
	return exitOK
}

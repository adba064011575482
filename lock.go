package main

import (
	"context"
	"fmt"

	"github.com/reel-dev/reel/internal/cli"
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
	synced, err := sh.SyncLock(context.Background(), set.Project.Root, set.Videos)
	if err != nil {
		return fmt.Errorf("reel.lock not synced: %w", err)
	}
	for _, id := range synced.IDs {
		fmt.Fprintf(e.stdout, "synced %s\n", id)
	}
	fmt.Fprintln(e.stdout, synced.Summary(sh))
	return nil
}

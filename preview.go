package main

import (
	"errors"
	"fmt"

	"github.com/reel-dev/reel/internal/cli"
	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/planner"
)

var previewCommand = &command{
	Name:    "preview",
	Args:    "[paths|ids...]",
	Summary: "make free local drafts (espeak-ng, ffmpeg) of the videos in .reel/drafts/; calls no provider",
	Long: `Makes a draft of each video (or of the given files, folders or video ids):
a free, local MP4 made offline, with its scripts spoken by espeak-ng in the
voice's locale and speed, its audio files and silences, the avatar's image
(or a card naming the avatar), its background, its frame, burned-in
captions where the provider burns them, and a thin line marking its scenes.
Drafts are kept in .reel/drafts/ under each video's render key: an
unchanged video's draft is not made again, and a draft is never an output
(nothing is written to output_dir or reel.lock). Once a video has a draft,
reel plan estimates its cost from the draft's measured length, marked
(measured), instead of 150 spoken words a minute.
Needs espeak-ng and ffmpeg (apt-get install espeak-ng ffmpeg); nothing else
in reel does. No provider is called.
Exit: 0, or 1 when a manifest is invalid, a tool is missing or a draft fails.
`,
	Run:      runPreview,
	Complete: planner.KnownIDs,
}

func runPreview(e *env, _ any, args []string) error {
	set, err := e.planning().Load(planner.Select(e.dir, args))
	if err != nil {
		return err
	}
	ctx, stop := cli.Interruptible(e.stderr, render.Interrupted)
	defer stop()
	dir := preview.DraftsOf(set.Project.Root)
	made, kept := 0, 0
	for _, v := range set.Videos {
		r, err := preview.Make(ctx, preview.Of(v), dir)
		var missing *preview.MissingToolError
		switch {
		case errors.As(err, &missing):
			return err // it says what to install
		case err != nil:
			return fmt.Errorf("%s: draft: %w", v.ID, err)
		}
		verb := "kept"
		if r.Built {
			verb, made = "made", made+1
		} else {
			kept++
		}
		fmt.Fprintf(e.stdout, "%s %s  %s  %s\n", verb, v.ID, e.rel(r.Path), clock(r.Seconds))
	}
	fmt.Fprintf(e.stdout, "Drafts: %d made, %d kept, in %s. Nothing was sent to a provider.\n", made, kept, e.rel(dir))
	return nil
}

// clock is a length in seconds as m:ss.
func clock(secs float64) string {
	s := int(secs + 0.5)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

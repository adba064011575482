package main

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/render/planner"
)

// draftsDir is where drafts are kept, below the project root: never in
// output_dir, never in reel.lock.
var draftsDir = filepath.Join(".reel", "drafts")

// draftsOf is the drafts folder of the project at root.
func draftsOf(root string) string { return filepath.Join(root, draftsDir) }

func init() {
	details["preview"] = `Makes a draft of each video (or of the given files, folders or video ids):
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
`
}

func runPreview(e *env, args []string) int {
	fs := e.flags("preview")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	set, code := e.load(pos)
	if code != exitOK {
		return code
	}
	ctx, stop := interruptible(e.stderr)
	defer stop()
	dir := draftsOf(set.Project.Root)
	made, kept := 0, 0
	for _, v := range set.Videos {
		r, err := preview.Make(ctx, preview.Of(v), dir)
		if err != nil {
			return e.draftFailed(v, err)
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
	return exitOK
}

// draftFailed reports a draft that could not be made; a missing tool is
// named with the package that brings it, once.
func (e *env) draftFailed(v *manifest.Video, err error) int {
	var missing *preview.MissingToolError
	if errors.As(err, &missing) {
		e.json.problem(err)
		fmt.Fprintln(e.stderr, err) // it says reel: and what to install
		return exitError
	}
	return e.fail(fmt.Errorf("%s: draft: %w", v.ID, err))
}

// measuredDrafts is what the planner measures lengths with: the drafts of
// the project at root, each draft's length by its render key, read
// without running a tool; its stamp is the drafts folder's, which
// changes whenever a draft is made or removed.
func measuredDrafts(root string) (planner.Measure, string) {
	dir := draftsOf(root)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, ""
	}
	return func(key string) (float64, bool) {
		r, ok := preview.Cached(dir, key)
		return r.Seconds, ok
	}, fmt.Sprintf("drafts %d %d", st.ModTime().UnixNano(), st.Size())
}

// rel is path relative to the folder reel runs in, when below it.
func (e *env) rel(path string) string {
	if r, err := filepath.Rel(e.dir, path); err == nil && filepath.IsLocal(r) {
		return filepath.ToSlash(r)
	}
	return path
}

// clock is a length in seconds as m:ss.
func clock(secs float64) string {
	s := int(secs + 0.5)
	return fmt.Sprintf("%d:%02d", s/60, s%60)
}

package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/preview/review"
	"github.com/reel-dev/reel/render/plan"
)

// reviewDir is where the review page is written, below the project root.
var reviewDir = filepath.Join(".reel", "review")

func init() {
	details["review"] = `Writes the review page of the plan, .reel/review/index.html, with its
videos in .reel/review/media/: for each video with work to do, its draft
(reel preview makes them) or its rendered output in a player, its script,
its changed fields (old → new), its estimated cost, and the totals. The
folder stands alone, linked relatively: open it from disk, or upload it as
a CI job's artifact for a pull request. Calls no provider.
--serve serves the page on 127.0.0.1 (--addr) until Ctrl-C, writes it
anew on every save in the project and whenever a draft is made, and the
page in the browser reloads itself.
Exit: 0, or 1 when a manifest is invalid or the page cannot be written.
`
}

func runReview(e *env, args []string) int {
	fs := e.flags("review")
	serve := fs.Bool("serve", false, "serve the page on 127.0.0.1 and write it anew on every save")
	addr := fs.String("addr", defaultReviewAddr, "serve on `ADDRESS` (host:port), a loopback one (with --serve)")
	pos, err := e.parse(fs, args)
	if err != nil {
		return e.usage("%v", err)
	}
	if *serve && !loopback(*addr) {
		return e.usage("--addr %s: serve on a loopback address, such as %s: the page is for this machine", *addr, defaultReviewAddr)
	}
	root, code := e.writeReview(pos)
	if code != exitOK || !*serve {
		return code
	}
	return e.serveReview(root, pos, *addr)
}

// writeReview plans the videos pos selects and writes their review page,
// saying where; root is the project's.
func (e *env) writeReview(pos []string) (root string, code int) {
	set, p, err := e.planning().Full(e.selection(pos))
	if err != nil {
		e.printErrors(err)
		return "", exitError
	}
	root = set.Project.Root
	page := reviewOf(set.Project, p)
	dir := filepath.Join(root, reviewDir)
	if err := review.Write(dir, page); err != nil {
		return root, e.fail(unprefixed(err))
	}
	fmt.Fprintf(e.stdout, "wrote %s: %s, %s\n", e.rel(filepath.Join(dir, "index.html")), english.Count(len(page.Videos), "video"), reviewTotal(page))
	return root, exitOK
}

// reviewTotal is the page's totals in a few words.
func reviewTotal(page review.Page) string {
	drafts := 0
	for _, v := range page.Videos {
		if v.Media != "" {
			drafts++
		}
	}
	return fmt.Sprintf("%d with media to play, estimated $%.2f", drafts, page.Total().USD)
}

// reviewOf is the review page of plan p: each action with work to do.
func reviewOf(proj *manifest.Project, p *plan.Plan) review.Page {
	page := review.Page{Title: "reel review: " + filepath.Base(proj.Root)}
	drafts := draftsOf(proj.Root)
	for _, a := range p.Actions {
		if a.Kind == plan.OK || a.Kind == plan.Orphan || a.Video == nil {
			continue
		}
		v := review.Video{ID: a.ID, Action: string(a.Kind), Reason: a.Reason, Scenes: reviewScenes(a.Video), Cost: reviewCost(a.Cost)}
		v.Media, v.MediaKind = reviewMedia(proj, drafts, a)
		for _, c := range a.Changes {
			v.Changes = append(v.Changes, review.Change{Field: c.Field, Old: shown(c.Old), New: shown(c.New)})
		}
		page.Videos = append(page.Videos, v)
	}
	return page
}

// reviewMedia is what the page plays for action a: the draft of the key
// it renders, else the output on disk where it is the render the plan
// keeps (a download or a job in flight has none yet).
func reviewMedia(proj *manifest.Project, drafts string, a plan.Action) (string, review.MediaKind) {
	if r, ok := preview.Cached(drafts, a.Key); ok {
		return r.Path, review.Draft
	}
	if a.Kind.Paid() {
		return "", "" // the output on disk, if any, is the render it replaces
	}
	out := filepath.Join(proj.OutputDir, filepath.FromSlash(a.Video.Output))
	if st, err := os.Stat(out); err == nil && st.Mode().IsRegular() {
		return out, review.Rendered
	}
	return "", ""
}

// reviewScenes are v's scenes as the page shows them.
func reviewScenes(v *manifest.Video) []review.Scene {
	var out []review.Scene
	for _, s := range v.Scenes {
		switch {
		case s.Silence != nil:
			out = append(out, review.Scene{Other: "silence: " + strconv.FormatFloat(*s.Silence, 'f', -1, 64) + " s"})
		case s.Audio != "":
			out = append(out, review.Scene{Other: "audio: " + filepath.Base(s.Audio)})
		default:
			out = append(out, review.Scene{Script: s.Script})
		}
	}
	return out
}

// shown is a change's JSON value as a reviewer reads it: a string's
// words without quotes, any other value as JSON.
func shown(value string) string {
	var s string
	if json.Unmarshal([]byte(value), &s) == nil {
		return s
	}
	return value
}

func reviewCost(c plan.Cost) review.Cost {
	return review.Cost{Seconds: c.Seconds, Measured: c.Measured, Credits: c.Credits, USD: c.USD, Unknown: c.Unknown}
}

// unprefixed is err without the "reel: " review's errors start with, which
// e.fail adds.
func unprefixed(err error) error {
	if s, ok := strings.CutPrefix(err.Error(), "reel: "); ok {
		return fmt.Errorf("%s", s)
	}
	return err
}

package review

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/render/plan"
)

// Dir is where a project's review page is written, below its root.
var Dir = filepath.Join(".reel", "review")

// Of is the review page of plan p of the project proj: each action with
// work to do, playing its draft or its output where there is one.
func Of(proj *manifest.Project, p *plan.Plan) Page {
	page := Page{Title: "reel review: " + filepath.Base(proj.Root)}
	drafts := preview.DraftsOf(proj.Root)
	for _, a := range p.Actions {
		if a.Kind == plan.OK || a.Kind == plan.Orphan || a.Video == nil {
			continue
		}
		v := Video{ID: a.ID, Action: string(a.Kind), Reason: a.Reason, Scenes: scenesOf(a.Video), Cost: costOf(a.Cost)}
		v.Media, v.MediaKind = mediaOf(proj, drafts, a)
		for _, c := range a.Changes {
			v.Changes = append(v.Changes, Change{Field: c.Field, Old: shown(c.Old), New: shown(c.New)})
		}
		page.Videos = append(page.Videos, v)
	}
	return page
}

// Summary is the page's totals in a few words.
func (p Page) Summary() string {
	playable := 0
	for _, v := range p.Videos {
		if v.Media != "" {
			playable++
		}
	}
	return fmt.Sprintf("%d with media to play, estimated $%.2f", playable, p.Total().USD)
}

// mediaOf is what the page plays for action a: the draft of the key it
// renders, else the output on disk where it is the render the plan keeps
// (a download or a job in flight has none yet).
func mediaOf(proj *manifest.Project, drafts string, a plan.Action) (string, MediaKind) {
	if r, ok := preview.Cached(drafts, a.Key); ok {
		return r.Path, Draft
	}
	if a.Kind.Paid() {
		return "", "" // the output on disk, if any, is the render it replaces
	}
	out := filepath.Join(proj.OutputDir, filepath.FromSlash(a.Video.Output))
	if st, err := os.Stat(out); err == nil && st.Mode().IsRegular() {
		return out, Rendered
	}
	return "", ""
}

// scenesOf are v's scenes as the page shows them.
func scenesOf(v *manifest.Video) []Scene {
	var out []Scene
	for _, s := range v.Scenes {
		switch {
		case s.Silence != nil:
			out = append(out, Scene{Other: "silence: " + strconv.FormatFloat(*s.Silence, 'f', -1, 64) + " s"})
		case s.Audio != "":
			out = append(out, Scene{Other: "audio: " + filepath.Base(s.Audio)})
		default:
			out = append(out, Scene{Script: s.Script})
		}
	}
	return out
}

// shown is a change's JSON value as a reviewer reads it: a string's words
// without quotes, any other value as JSON.
func shown(value string) string {
	var s string
	if json.Unmarshal([]byte(value), &s) == nil {
		return s
	}
	return value
}

func costOf(c plan.Cost) Cost {
	return Cost{Seconds: c.Seconds, Measured: c.Measured, Credits: c.Credits, USD: c.USD, Unknown: c.Unknown}
}

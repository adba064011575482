// Package review writes the review page of a plan: one static HTML file
// and the videos it plays, in one folder, linked relatively, so that it
// works opened from disk with no server (the artifact a CI job uploads
// for a pull request) as well as served.
package review

// Page is the review of one plan: each video with work in it.
type Page struct {
	Title  string // what is reviewed: the project, a branch
	Videos []Video
}

// Video is one video with work in the plan, as a reviewer sees it.
type Video struct {
	ID     string // the video id, onboarding/welcome@es
	Action string // what the plan does: create, re-render
	Reason string // why, in the plan's words
	// Media is a local file to play: the video's draft, or its rendered
	// output; "" when there is neither yet.
	Media     string
	MediaKind MediaKind
	Scenes    []Scene
	Changes   []Change
	Cost      Cost
}

// MediaKind says what a Video's Media is.
type MediaKind string

// The kinds of media a review plays.
const (
	Draft    MediaKind = "draft"    // a free local draft: TTS voice, the avatar's still image
	Rendered MediaKind = "rendered" // the provider's render
)

// Scene is one scene as the page shows it: a script's words, or what
// stands in its place (an audio file's name, a silence's length).
type Scene struct {
	Script string
	Other  string // for a scene without a script: "audio: pricing.wav", "silence: 1.5 s"
}

// Change is one changed field of the video's request, old and new, in
// the manifest's words; Old is empty for a new video.
type Change struct {
	Field, Old, New string
}

// Cost is what one render is estimated to cost.
type Cost struct {
	Seconds  float64 // the video's length
	Measured bool    // Seconds is a draft's measured length, not a words-a-minute guess
	Credits  float64 // where the provider bills in credits
	USD      float64
	Unknown  bool // some length was unknown: the cost is a lower bound
}

// add sums two costs; the sum is measured only if both are.
func (c Cost) add(o Cost) Cost {
	return Cost{
		Seconds:  c.Seconds + o.Seconds,
		Measured: c.Measured && o.Measured,
		Credits:  c.Credits + o.Credits,
		USD:      c.USD + o.USD,
		Unknown:  c.Unknown || o.Unknown,
	}
}

// Total is the sum of the page's costs.
func (p Page) Total() Cost {
	t := Cost{Measured: len(p.Videos) > 0}
	for _, v := range p.Videos {
		t = t.add(v.Cost)
	}
	return t
}

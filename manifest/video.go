package manifest

import (
	"encoding/json"
	"fmt"
	"strings"
)

// Video is one video to render: a manifest (or one of its variants) with
// reel.yaml's defaults merged under it, validated, and resolved to the
// request its provider will receive.
type Video struct {
	ID      string // onboarding/welcome, or onboarding/welcome@es for a variant
	Variant string // es, or "" for the manifest itself
	File    string // absolute path of the manifest

	Provider string // heygen, fal, ...: a name of the provider registry
	API      string // the API it speaks: v3 (heygen), queue (fal), ...
	// Sandbox sends the request to the fake of its provider and API
	// instead: the same request, under another render key.
	Sandbox bool
	api     *API // what the registry says of Provider's API

	Title           string         `json:"title"`
	Avatar          Avatar         `json:"avatar"`
	Voice           Voice          `json:"voice"`
	Style           Style          `json:"style"`
	Dimension       Dimension      `json:"dimension"`
	Background      *Background    `json:"background"`
	Captions        Captions       `json:"captions"`
	Output          string         `json:"output"` // slash path below output_dir
	Scenes          []Scene        `json:"scenes"`
	ProviderOptions map[string]any `json:"provider_options"`

	// Request is what the provider receives, and Request.Key the render key.
	Request *Request `json:"-"`
	// Origin is the row and locale a video of a manifest with rows or
	// locales was made from; nil for any other video.
	Origin *Origin `json:"-"`

	audio map[int]float64       // seconds of each audio scene, from its header
	local map[string]string     // the local file of each media field, by its dotted path (Local)
	tree  *Node                 // the merged manifest, for positions; dropped once valid
	name  func([]string) string // a field's name as the user wrote it

	// Once the video is valid its tree is dropped (ten thousand of them
	// would otherwise stay in memory for the whole run); these keep what
	// the checks across videos still need.
	root, output Pos
	outputField  string
}

// Avatar is who speaks.
type Avatar struct {
	ID           string   `json:"id"`
	TalkingPhoto string   `json:"talking_photo"`
	Image        string   `json:"image"`
	Photo        string   `json:"photo"` // a photo avatar of reel.yaml's avatars
	Look         string   `json:"look"`  // one of its looks
	Style        string   `json:"style"`
	Scale        *float64 `json:"scale"`
	Offset       *Offset  `json:"offset"`
	Fit          string   `json:"fit"`
	Engine       string   `json:"engine"`
}

// Offset moves the avatar in the frame.
type Offset struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
}

// Voice is how scripts are spoken.
type Voice struct {
	ID      string   `json:"id"`
	Name    string   `json:"name"`
	Speed   *float64 `json:"speed"`
	Pitch   *float64 `json:"pitch"`
	Emotion string   `json:"emotion"`
	Locale  string   `json:"locale"`
}

// Style is how the avatar performs.
type Style struct {
	TalkingStyle   string `json:"talking_style"`
	Expression     string `json:"expression"`
	Expressiveness string `json:"expressiveness"`
}

// Dimension is the frame size, in one of its two forms.
type Dimension struct {
	Aspect     string `json:"aspect"`
	Resolution string `json:"resolution"`
	Width      int    `json:"width"`
	Height     int    `json:"height"`
}

// Background is what is behind the avatar.
type Background struct {
	Color     string `json:"color"`
	Image     string `json:"image"`
	Video     string `json:"video"`
	Fit       string `json:"fit"`
	PlayStyle string `json:"play_style"`
}

// Scene is one script, audio file or silence, with its overrides.
type Scene struct {
	Script        string      `json:"script"`
	Audio         string      `json:"audio"`
	Silence       *float64    `json:"silence"`
	Voice         *Voice      `json:"voice"`
	Emotion       string      `json:"emotion"`
	Motion        string      `json:"motion"`
	EnhanceMotion *bool       `json:"enhance_motion"`
	TalkingStyle  string      `json:"talking_style"`
	Background    *Background `json:"background"`
}

// Captions is none (""), "sidecar" or "burn_in".
type Captions string

// Caption settings.
const (
	NoCaptions      Captions = ""
	SidecarCaptions Captions = "sidecar"
	BurnInCaptions  Captions = "burn_in"
)

// UnmarshalJSON takes false or a caption mode, as the schema allows.
func (c *Captions) UnmarshalJSON(b []byte) error {
	var flag bool
	if json.Unmarshal(b, &flag) == nil {
		if flag {
			return fmt.Errorf("captions: true is ambiguous; use sidecar or burn_in")
		}
		*c = NoCaptions
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*c = Captions(s)
	return nil
}

// sceneVoice is the voice of scene i: the scene's own fields over the
// video's, and the scene's emotion over both.
func (v *Video) sceneVoice(i int) Voice {
	out := v.Voice
	if s := v.Scenes[i].Voice; s != nil {
		overVoice(&out, s)
	}
	if e := v.Scenes[i].Emotion; e != "" {
		out.Emotion = e
	}
	return out
}

// overVoice sets the fields s gives over out's.
func overVoice(out *Voice, s *Voice) {
	if s.ID != "" || s.Name != "" {
		out.ID, out.Name = s.ID, s.Name
	}
	if s.Speed != nil {
		out.Speed = s.Speed
	}
	if s.Pitch != nil {
		out.Pitch = s.Pitch
	}
	if s.Emotion != "" {
		out.Emotion = s.Emotion
	}
	if s.Locale != "" {
		out.Locale = s.Locale
	}
}

// sceneTalkingStyle is scene i's talking style, "stable" when unset.
func (v *Video) sceneTalkingStyle(i int) string {
	if s := v.Scenes[i].TalkingStyle; s != "" {
		return s
	}
	if v.Style.TalkingStyle != "" {
		return v.Style.TalkingStyle
	}
	return "stable"
}

// sceneBackground is scene i's background (the scene's, else the video's).
func (v *Video) sceneBackground(i int) (*Background, []string) {
	if b := v.Scenes[i].Background; b != nil {
		return b, []string{"scenes", fmt.Sprint(i), "background"}
	}
	return v.Background, []string{"background"}
}

// Pos returns where the field at path of this video was written (the
// manifest, one of its variants, or reel.yaml's defaults).
func (v *Video) Pos(path ...string) Pos {
	if v.tree == nil {
		if len(path) == 1 && path[0] == "output" {
			return v.output
		}
		return v.root
	}
	return v.tree.PosOf(path, false)
}

// settle drops the tree of a valid video, keeping the positions the
// checks across videos (duplicate ids and outputs) report at.
func (v *Video) settle() {
	v.root, v.output = v.tree.PosOf(nil, false), v.tree.PosOf([]string{"output"}, false)
	v.outputField = v.name([]string{"output"})
	v.tree, v.name = nil, nil
}

func (v *Video) errorf(path []string, format string, args ...any) Error {
	if v.tree == nil { // settled: only the output is reported on after that
		return Error{Pos: v.Pos(path...), Field: v.outputField, Msg: fmt.Sprintf(format, args...)}
	}
	return Error{Pos: v.tree.PosOf(path, false), Field: v.name(path), Msg: fmt.Sprintf(format, args...)}
}

// WordsPerMinute is the speaking rate estimates assume at speed 1.
const WordsPerMinute = 150

// Seconds estimates the video's length: scripts at 150 words a minute
// scaled by the voice speed, silences as written, audio files by their
// header. Unknown lengths (an audio URL) count as zero; Unknown says so.
func (v *Video) Seconds() (seconds float64, unknown bool) {
	for i, s := range v.Scenes {
		switch {
		case s.Silence != nil:
			seconds += *s.Silence
		case s.Audio != "":
			d := v.audio[i]
			unknown = unknown || d == 0
			seconds += d
		default:
			words := float64(len(strings.Fields(s.Script)))
			seconds += words / WordsPerMinute * 60 / speed(v.sceneVoice(i))
		}
	}
	return seconds, unknown
}

func speed(v Voice) float64 {
	if v.Speed == nil {
		return 1
	}
	return *v.Speed
}

func pitch(v Voice) float64 {
	if v.Pitch == nil {
		return 0
	}
	return *v.Pitch
}

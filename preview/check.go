package preview

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"github.com/reel-dev/reel/internal/lazyregexp"
)

// MaxSeconds is the longest draft preview makes: an hour, far past any
// video a provider renders, so that a wrong length cannot keep ffmpeg
// busy for days or fill the disk.
const MaxSeconds = 3600

// maxSide is the longest side of a draft's frame, in pixels: 4k's long
// side at 4:5 with room to spare.
const maxSide = 8192

var (
	keyPattern   = lazyregexp.New(`^[0-9a-f]{64}$`)
	colorPattern = lazyregexp.New(`^#[0-9A-Fa-f]{6}$`)
)

// ErrBadDraft is the error of every Draft that cannot be made as given.
var ErrBadDraft = errors.New("bad draft")

// badDraft is a Draft's fault, at where, wrapping ErrBadDraft.
func badDraft(where, format string, args ...any) error {
	return fmt.Errorf("%s%s: %w", at(where), fmt.Sprintf(format, args...), ErrBadDraft)
}

// check says what in d cannot be made into a draft, the first such thing.
// The manifest's validation refuses all of it earlier with a position;
// this keeps a caller's mistake from reaching ffmpeg.
func (d *Draft) check() error {
	if !keyPattern.MatchString(d.Key) {
		return badDraft("", "draft key %q is not a render key (64 lower-case hex digits)", d.Key)
	}
	if d.Width < 16 || d.Height < 16 || d.Width > maxSide || d.Height > maxSide || d.Width%2 != 0 || d.Height%2 != 0 {
		return badDraft("", "a draft of %dx%d: width and height must be even, from 16 to %d pixels", d.Width, d.Height, maxSide)
	}
	if len(d.Scenes) == 0 {
		return badDraft("", "a draft needs at least one scene: a script, an audio file or a silence")
	}
	for i := range d.Scenes {
		if err := d.Scenes[i].check(i); err != nil {
			return err
		}
	}
	if c := d.Background.Color; c != "" && !colorPattern.MatchString(c) {
		return badDraft(d.Background.Where, "background colour %q is not #RRGGBB", c)
	}
	switch d.Captions {
	case NoCaptions, SidecarCaptions, BurnInCaptions:
	default:
		return badDraft("", "captions %q: use sidecar, burn_in or none", d.Captions)
	}
	if p := d.CaptionPlace; !(finite(p.Margin, p.Size, p.Width) && p.Margin >= 0 && p.Margin < 1 && p.Size >= 0 && p.Size < 1 && p.Width >= 0 && p.Width <= 1) {
		return badDraft("", "caption place %+v: each share must be from 0 to 1", p)
	}
	return nil
}

func (s *Scene) check(i int) error {
	kinds := 0
	if strings.TrimSpace(s.Script) != "" {
		kinds++
	}
	if s.Audio != "" {
		kinds++
	}
	if s.Silence != 0 {
		kinds++
		if !finite(s.Silence) || s.Silence < 0 || s.Silence > MaxSeconds {
			return badDraft(s.Where, "scene %d: a silence of %v seconds: give from 0.1 to 60", i+1, s.Silence)
		}
	}
	if kinds != 1 {
		return badDraft(s.Where, "scene %d: a scene is one of a script, an audio file or a silence", i+1)
	}
	if sp := s.Voice.Speed; !finite(sp) || sp < 0 || sp > 4 {
		return badDraft(s.Where, "scene %d: voice speed %v: give from 0.5 to 1.5", i+1, sp)
	}
	return nil
}

func finite(fs ...float64) bool {
	for _, f := range fs {
		if math.IsNaN(f) || math.IsInf(f, 0) {
			return false
		}
	}
	return true
}

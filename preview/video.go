package preview

import (
	"os"
	"path/filepath"
	"strconv"

	"github.com/reel-dev/reel/manifest"
)

// Of is the draft of a resolved video: its render key, frame, scenes in
// the voice each is spoken in, avatar, background and captions, with the
// local files its request was built from. A field the draft cannot show
// (an avatar that lives at the provider, an image given by URL) shows as
// a card naming it, or as the plain background.
func Of(v *manifest.Video) Draft {
	w, h := v.Frame()
	d := Draft{
		Key:      v.Request.Key,
		Width:    w,
		Height:   h,
		Avatar:   avatarOf(v),
		Captions: Captions(v.Captions),
	}
	if b := v.Background; b != nil {
		d.Background = Background{Color: b.Color, Image: v.Local("background", "image"), Where: where(v, "background")}
	}
	for i, s := range v.Scenes {
		voice := v.SceneVoice(i)
		sc := Scene{Script: s.Script, Audio: v.Local("scenes", strconv.Itoa(i), "audio"), Where: where(v, "scenes", strconv.Itoa(i))}
		sc.Voice = Voice{Locale: voice.Locale}
		if voice.Speed != nil {
			sc.Voice.Speed = *voice.Speed
		}
		if s.Silence != nil {
			sc.Silence = *s.Silence
		}
		d.Scenes = append(d.Scenes, sc)
	}
	return d
}

// avatarOf is who the draft shows: the avatar's local image, else a card
// naming its id, talking photo or image URL.
func avatarOf(v *manifest.Video) Avatar {
	a := Avatar{Image: v.Local("avatar", "image"), Where: where(v, "avatar")}
	if a.Image != "" {
		return a
	}
	for _, id := range []string{v.Avatar.ID, v.Avatar.TalkingPhoto, v.Avatar.Image} {
		if id != "" {
			a.ID = id
			break
		}
	}
	return a
}

// where is a field's place in the video's manifest, file:line:col with
// the file as the manifest names it, relative to the working folder when
// below it.
func where(v *manifest.Video, path ...string) string {
	p := v.Pos(path...)
	if p.File == "" {
		return ""
	}
	if wd, err := os.Getwd(); err == nil {
		if rel, err := filepath.Rel(wd, p.File); err == nil && filepath.IsLocal(rel) {
			p.File = rel
		}
	}
	return p.String()
}

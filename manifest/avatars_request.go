package manifest

import (
	"slices"
	"strings"
)

// photoUsable checks a video's avatar.photo before its body is built: the
// avatar is one reel.yaml declares, its look one the avatar has, and the
// API renders trained photo avatars. It reports whether the body can be
// built; a video without avatar.photo always can.
func (b *builder) photoUsable() bool {
	a := b.v.Avatar
	if a.Photo == "" {
		return true
	}
	if !b.v.api.PhotoAvatars {
		b.fail([]string{"avatar", "photo"}, "%s cannot use a trained photo avatar: render it with HeyGen v3 or Avatar IV (providers.heygen.api: v3 or av4 in reel.yaml)", b.api)
		return false
	}
	av, ok := b.l.p.Avatars[a.Photo]
	switch {
	case !ok:
		b.fail([]string{"avatar", "photo"}, "no avatar %q in reel.yaml: declare it under avatars (%s)", a.Photo, declared(b.l.p.Avatars))
		return false
	case a.Look == "":
	case av.Looks[a.Look].Key == "":
		b.fail([]string{"avatar", "look"}, "avatar %s has no look %q: declare it under avatars.%s.looks in reel.yaml (%s)", a.Photo, a.Look, a.Photo, lookList(av))
		return false
	}
	b.avatars = append(b.avatars, AvatarUse{Ref: av.Ref(a.Look), Avatar: av, Look: a.Look})
	return true
}

// talkingPhoto is the id a body gives a talking photo: avatar.talking_photo,
// or the placeholder of the photo avatar (or look) the video uses.
func (b *builder) talkingPhoto() string {
	if len(b.avatars) > 0 {
		return b.avatars[0].Ref
	}
	return b.v.Avatar.TalkingPhoto
}

// declared names the avatars reel.yaml declares, for a message.
func declared(avatars map[string]*PhotoAvatar) string {
	if len(avatars) == 0 {
		return "it declares none"
	}
	names := make([]string, 0, len(avatars))
	for n := range avatars {
		names = append(names, n)
	}
	slices.Sort(names)
	return "it declares " + strings.Join(names, ", ")
}

func lookList(a *PhotoAvatar) string {
	if len(a.Looks) == 0 {
		return "it has none"
	}
	return "it has " + strings.Join(a.LookNames(), ", ")
}

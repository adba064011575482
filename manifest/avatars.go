package manifest

import (
	"fmt"
	"path/filepath"
	"slices"
	"strings"
)

// PhotoAvatar is one avatar of reel.yaml's avatars: a photo avatar the
// provider trains from the project's own photos, with looks generated
// from prompts. Videos use it with avatar: {photo: NAME} or {photo: NAME,
// look: LOOK}; reel trains it once per avatar key, before their renders.
type PhotoAvatar struct {
	Name   string
	Photos []Asset // the photos, in reel.yaml's order
	// Looks are the looks to generate, by name.
	Looks map[string]Look
	// Key is the avatar key: the photos' bytes in order and each look's
	// prompt and options. PhotosKey is its photos' part: what a training is
	// made from, and what a video of the avatar without a look covers.
	Key, PhotosKey string
	// Pos is where reel.yaml declares it.
	Pos Pos
}

// Look is a look of a photo avatar, generated from a prompt once the
// avatar is trained. Orientation, Pose and Style hold their defaults when
// reel.yaml leaves them out, so spelling a default out changes no key.
type Look struct {
	Name                             string
	Prompt, Orientation, Pose, Style string
	// Key is the look key: the avatar's PhotosKey, the prompt and the
	// options. A video of the look covers it; renaming the look changes
	// nothing.
	Key string
}

// The look options' defaults: seed 003's example look.
const (
	DefaultOrientation = "square"
	DefaultPose        = "half_body"
	DefaultStyle       = "Realistic"
)

// Versions of the avatar and look keys' encodings: changing what goes into
// one, or how, must change its string.
const (
	avatarKeyVersion = "reel-avatar-key/1"
	lookKeyVersion   = "reel-look-key/1"
)

// Placeholders a request holds where the provider's id of a trained photo
// avatar or look goes, until the executor knows it: the photos' key or the
// look's, so that a render key covers the avatar it was made with.
const (
	PhotoRefPrefix = "photo-avatar:"
	LookRefPrefix  = "photo-look:"
)

// AvatarUse is a photo avatar a request renders: the placeholder in its
// body, the avatar, and the look ("" for the avatar's own photos).
type AvatarUse struct {
	Ref    string
	Avatar *PhotoAvatar
	Look   string
}

// Ref is the placeholder of the avatar (look "") or of one of its looks.
func (a *PhotoAvatar) Ref(look string) string {
	if look == "" {
		return PhotoRefPrefix + a.PhotosKey
	}
	return LookRefPrefix + a.Looks[look].Key
}

// LookNames are the avatar's looks' names, sorted.
func (a *PhotoAvatar) LookNames() []string {
	names := make([]string, 0, len(a.Looks))
	for n := range a.Looks {
		names = append(names, n)
	}
	slices.Sort(names)
	return names
}

// avatarConfig is one avatar as reel.yaml writes it.
type avatarConfig struct {
	Photos []string              `json:"photos"`
	Looks  map[string]lookConfig `json:"looks"`
}

type lookConfig struct {
	Prompt      string `json:"prompt"`
	Orientation string `json:"orientation"`
	Pose        string `json:"pose"`
	Style       string `json:"style"`
}

// loadAvatars reads reel.yaml's avatars, hashing each photo: every photo
// that is missing, is not a PNG or JPEG, or is too big is an error at its
// place in reel.yaml. The schema has checked the rest.
func (p *Project) loadAvatars() Errors {
	n := p.tree.Get("avatars")
	if len(p.Config.Avatars) == 0 || n == nil {
		return nil
	}
	cache := newAssetCache(p.Root)
	p.Avatars = make(map[string]*PhotoAvatar, len(p.Config.Avatars))
	var errs Errors
	for i, name := range n.Keys {
		a, aerrs := loadAvatar(cache, name, n.KeyPos[i], n.Vals[i], p.Config.Avatars[name])
		errs = append(errs, aerrs...)
		if len(aerrs) == 0 {
			p.Avatars[name] = a
		}
	}
	return errs
}

func loadAvatar(cache *assetCache, name string, at Pos, n *Node, c avatarConfig) (*PhotoAvatar, Errors) {
	a := &PhotoAvatar{Name: name, Pos: at, Looks: map[string]Look{}}
	var errs Errors
	photos := n.Get("photos")
	for i, rel := range c.Photos {
		field := fmt.Sprintf("avatars.%s.photos[%d]", name, i)
		item := photos.Items[i]
		if filepath.IsAbs(rel) || strings.HasPrefix(rel, "/") || strings.Contains(rel, "://") {
			errs = append(errs, errAt(item, field, "%q: give a PNG or JPEG file relative to reel.yaml, inside the project", rel))
			continue
		}
		file := filepath.Join(filepath.Dir(item.Pos.File), filepath.FromSlash(rel))
		asset, msg := cache.get(file, ImageMedia)
		if msg != "" {
			errs = append(errs, errAt(item, field, "%s: %s", rel, msg))
			continue
		}
		a.Photos = append(a.Photos, asset)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	a.PhotosKey = photosKey(a.Photos)
	for look, lc := range c.Looks {
		l := Look{Name: look, Prompt: lc.Prompt, Orientation: cmpOr(lc.Orientation, DefaultOrientation),
			Pose: cmpOr(lc.Pose, DefaultPose), Style: cmpOr(lc.Style, DefaultStyle)}
		l.Key = lookKey(a.PhotosKey, l)
		a.Looks[look] = l
	}
	a.Key = avatarKey(a)
	return a, nil
}

// photosKey is the SHA-256 of the photos' contents in order: what a
// training is made of. Names and paths are not in it, so moving or
// renaming a photo trains nothing.
func photosKey(photos []Asset) string {
	in := []KeyInput{{"version", avatarKeyVersion}}
	for _, ph := range photos {
		in = append(in, KeyInput{"photo", ph.Ref})
	}
	return renderKey(in)
}

// lookKey covers the photos a look is generated from, its prompt and its
// options.
func lookKey(photos string, l Look) string {
	return renderKey([]KeyInput{{"version", lookKeyVersion}, {"photos", photos},
		{"prompt", l.Prompt}, {"orientation", l.Orientation}, {"pose", l.Pose}, {"style", l.Style}})
}

// avatarKey covers the photos and every look's key (not the looks'
// names), sorted.
func avatarKey(a *PhotoAvatar) string {
	keys := make([]string, 0, len(a.Looks))
	for _, l := range a.Looks {
		keys = append(keys, l.Key)
	}
	slices.Sort(keys)
	in := []KeyInput{{"version", avatarKeyVersion}, {"photos", a.PhotosKey}}
	for _, k := range keys {
		in = append(in, KeyInput{"look", k})
	}
	return renderKey(in)
}

// AvatarGroupName starts the name reel gives the provider's group of an
// avatar: the avatar's name and the start of its photos' key, as a person
// reading the provider's dashboard (or a test) tells them apart.
func AvatarGroupName(a *PhotoAvatar) string {
	return "reel " + a.Name + " " + a.PhotosKey[:16]
}

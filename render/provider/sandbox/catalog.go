package sandbox

import "github.com/reel-dev/reel/render/provider"

// Voices are the voice names the sandbox's fakes of APIs that choose
// voices by name (fal, PixelDojo) take: a few of the HeyGen voices both
// resell (seed 001's example, PixelDojo's published list), so a name the
// real APIs would refuse is refused here. HeyGen's fake's catalog is
// fake.HeyGenAvatars and fake.HeyGenVoices.
var Voices = []string{"Ivy", "Melissa", "Chill Brian", "Warm Pro Narrator", "John Doe", "Monika Sogam"}

// named is a client of a fake under its sandbox name; catalogued is one
// that can list voices and avatars too.
type (
	named struct {
		provider.Provider
		name string
	}
	catalogued struct {
		named
		provider.Catalog
	}
)

func (n named) Name() string { return n.name }

// rename gives c the name name, keeping its Catalog if it has one.
func rename(c provider.Provider, name string) provider.Provider {
	n := named{c, name}
	if cat, ok := c.(provider.Catalog); ok {
		return catalogued{n, cat}
	}
	return n
}

package sandbox

import (
	"context"
	"fmt"
	"strings"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/heygen"
)

// Voices are the voice names the sandbox's fal and PixelDojo fakes take:
// a few of the HeyGen voices both resell (seed 001's example, PixelDojo's
// published list), so a name the real APIs would refuse is refused here.
// Their HeyGen fake's catalog is fake.HeyGenAvatars and fake.HeyGenVoices.
var Voices = []string{"Ivy", "Melissa", "Chill Brian", "Warm Pro Narrator", "John Doe", "Monika Sogam"}

// catalogued is a HeyGen client of the sandbox under its sandbox name; its
// Voices and Avatars list the HeyGen fake's catalog.
type catalogued struct {
	*heygen.Client
	name string
}

func (c catalogued) Name() string { return c.name }

// reseller is a fal or PixelDojo client of the sandbox under its sandbox
// name. Neither API can list voices or avatars; its Catalog says so, as
// the real one does, and names the voices the sandbox takes.
type reseller struct {
	provider.Provider
	name, vendor string
}

var _ provider.Catalog = reseller{}

func (r reseller) Name() string { return r.name }

func (r reseller) Voices(context.Context) ([]provider.Voice, error) {
	return nil, fmt.Errorf("%s has no API to list voices (its model's page lists them); the sandbox's %s takes voice.name %s",
		r.vendor, r.vendor, strings.Join(Voices, ", "))
}

func (r reseller) Avatars(context.Context) ([]provider.Avatar, error) {
	return nil, fmt.Errorf("%s has no avatars to list: it animates a portrait you give as avatar.image", r.vendor)
}

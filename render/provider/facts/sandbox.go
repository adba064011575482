package facts

import (
	"context"
	"fmt"
	"strings"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// Sandbox is what the sandbox lends a provider's fake: the options its
// fakes share and state files in its folder, so that a later run resumes
// and re-downloads the jobs a fake took.
type Sandbox struct {
	// Options are the clock, timeline, clips, media expiry and random job
	// ids every fake of the sandbox runs with.
	Options fake.Options
	// Voices are the voice names the fakes of APIs that choose voices by
	// name take.
	Voices []string
	// Jobs opens the state file named file for a fake's jobs.
	Jobs func(file string) (fake.JobStore, error)
	// Videos opens the state file named file for HeyGen's fake's videos.
	Videos func(file string) (fake.HeyGenStore, error)
	// Photos opens the state file named file for HeyGen's fake's photo
	// avatar groups.
	Photos func(file string) (fake.HeyGenPhotoStore, error)
}

// Fake is a provider's fake running in the sandbox.
type Fake interface {
	// Client is a client of api pointed at the fake; the sandbox gives it
	// its sandbox name.
	Client(api string) (provider.Provider, error)
	// Server is the fake's server: its jobs, ledger and request log.
	Server() *fake.Server
	Close()
}

// PhotoFake is a Fake whose provider trains photo avatars: its account
// for them, pointed at the fake; the sandbox gives it its sandbox name.
type PhotoFake interface {
	Photos() (provider.PhotoAvatars, error)
}

// ByVoiceName is a client of an API that chooses voices by name and can
// list none (fal, PixelDojo): its Catalog says so, as the real one does,
// and names the voices the sandbox takes.
type ByVoiceName struct {
	provider.Provider
	Display string
	Names   []string // the voice names the sandbox takes
}

var _ provider.Catalog = ByVoiceName{}

func (b ByVoiceName) Voices(context.Context) ([]provider.Voice, error) {
	return nil, fmt.Errorf("%s has no API to list voices (its model's page lists them); the sandbox's %s takes voice.name %s",
		b.Display, b.Display, strings.Join(b.Names, ", "))
}

func (b ByVoiceName) Avatars(context.Context) ([]provider.Avatar, error) {
	return nil, fmt.Errorf("%s has no avatars to list: it animates a portrait you give as avatar.image", b.Display)
}

package fal

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/facts"
	"github.com/reel-dev/reel/render/provider/fake"
)

// Environment variables that move fal's hosts elsewhere (a proxy, a fake);
// providers.fal.base_url replaces the queue's.
const (
	EnvQueueBase = "FAL_QUEUE_BASE"
	EnvRESTBase  = "FAL_REST_BASE"
)

// Facts is everything reel knows about fal, for the provider registry.
// Its queue holds what it cannot start yet on fal's side, so reel keeps 4
// requests in it at once; the model's published price is $0.10 a second.
var Facts = facts.Provider{
	Name:    Name,
	Display: "fal",
	APIs: []facts.API{
		{Name: "queue", Label: "fal", Request: manifest.FalAvatar4, Uploads: true},
	},
	KeyEnv: EnvKey,
	URLs: []facts.URL{
		{Setting: "base_url", Env: EnvQueueBase, Default: DefaultQueueBase},
		{Env: EnvRESTBase, Default: DefaultRestBase},
	},
	Concurrency: 4,
	TopUp:       "https://fal.ai/dashboard/billing", // where fal's own lock message sends users
	Pricing:     facts.Pricing{List: manifest.Price{USDPerSecond: ptr(0.10)}},
	Open: func(_ string, cfg manifest.ProviderConfig, o provider.HTTPOptions) (provider.Provider, error) {
		return New(Config{QueueURL: cfg.Setting("base_url"), HTTPOptions: o})
	},
	Fake: startFake,
}

func ptr(v float64) *float64 { return &v }

// sandboxFake is fal's fake in the sandbox, its requests kept in the
// sandbox's fal.json; it takes the sandbox's voice names.
type sandboxFake struct {
	f      *fake.Fal
	voices []string
}

func startFake(sb *facts.Sandbox) (facts.Fake, error) {
	st, err := sb.Jobs("fal.json")
	if err != nil {
		return nil, err
	}
	o := sb.Options
	o.Jobs = st
	return sandboxFake{fake.NewFal(fake.FalOptions{Options: o, Voices: sb.Voices}), sb.Voices}, nil
}

func (s sandboxFake) Client(string) (provider.Provider, error) {
	c, err := New(Config{QueueURL: s.f.QueueURL(), RestURL: s.f.RestURL(), Key: s.f.Key()})
	if err != nil {
		return nil, err
	}
	return facts.ByVoiceName{Provider: c, Display: Facts.Display, Names: s.voices}, nil
}

func (s sandboxFake) Server() *fake.Server { return s.f.Server() }
func (s sandboxFake) Close()               { s.f.Close() }

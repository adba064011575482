package gmi

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/facts"
	"github.com/reel-dev/reel/render/provider/fake"
)

// Facts is everything reel knows about GMI Cloud, for the provider
// registry. Its one API takes HeyGen v2's body as the payload, for the
// model providers.gmi.model names (DefaultModel): the model is the API's
// name, so it is part of the render key and of the lock's name
// (gmi/heygen-avatar-4). GMI documents no idempotency key (a create is
// never replayed), no upload call (public URLs only), no bulk status and
// no price: an estimate is unknown until pricing.gmi sets one. Its queue
// holds the rest on GMI's side, so reel keeps 4 requests in it at once.
var Facts = facts.Provider{
	Name:    Name,
	Display: displayName,
	APIs: []facts.API{{
		Name:    DefaultModel,
		Label:   displayName,
		Request: manifest.HeyGenV2,
		Instead: "use provider heygen (its api v3 or av4)",
	}},
	Chooser:     "model",
	AnyModel:    true,
	KeyEnv:      KeyEnv,
	URLs:        []facts.URL{{Setting: "base_url", Env: BaseEnv, Default: DefaultBaseURL}},
	Concurrency: 4,
	TopUp:       "https://console.gmicloud.ai", // GMI documents no billing page: its console [I]
	Open: func(model string, cfg manifest.ProviderConfig, o provider.HTTPOptions) (provider.Provider, error) {
		return New(Config{BaseURL: cfg.Setting("base_url"), Model: model, HTTPOptions: o})
	},
	Fake: startFake,
}

// sandboxFake is GMI's fake in the sandbox, its requests kept in the
// sandbox's gmi.json.
type sandboxFake struct{ f *fake.GMI }

func startFake(sb *facts.Sandbox) (facts.Fake, error) {
	st, err := sb.Jobs("gmi.json")
	if err != nil {
		return nil, err
	}
	o := sb.Options
	o.Jobs = st
	return sandboxFake{fake.NewGMI(fake.GMIOptions{Options: o})}, nil
}

func (s sandboxFake) Client(model string) (provider.Provider, error) {
	return New(Config{BaseURL: s.f.BaseURL(), Key: s.f.Key(), Model: model})
}

func (s sandboxFake) Server() *fake.Server { return s.f.Server() }
func (s sandboxFake) Close()               { s.f.Close() }

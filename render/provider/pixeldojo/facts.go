package pixeldojo

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/facts"
	"github.com/reel-dev/reel/render/provider/fake"
)

// EnvAPIBase moves PixelDojo's API elsewhere (a proxy, a fake);
// providers.pixeldojo.base_url replaces it.
const EnvAPIBase = "PIXELDOJO_API_BASE"

// Facts is everything reel knows about PixelDojo, for the provider
// registry. It queues on its side, so reel keeps 4 jobs in it at once; it
// publishes 120 credits a video, and sells a credit for about $0.01
// (pricing.pixeldojo.usd_per_credit corrects it to a plan's). It takes
// public URLs only.
var Facts = facts.Provider{
	Name:    Name,
	Display: displayName,
	APIs: []facts.API{
		{Name: "v1", Label: displayName, Request: manifest.PixelDojoAvatar4},
	},
	KeyEnv:      EnvKey,
	URLs:        []facts.URL{{Setting: "base_url", Env: EnvAPIBase, Default: DefaultBase}},
	Concurrency: 4,
	TopUp:       "https://pixeldojo.ai/api-platform/buy-credits", // seed 000's Buy Credits
	Pricing:     facts.Pricing{List: manifest.Price{CreditsPerVideo: ptr(120), USDPerCredit: ptr(0.01)}},
	Open: func(_ string, cfg manifest.ProviderConfig, o provider.HTTPOptions) (provider.Provider, error) {
		return New(Config{BaseURL: cfg.Setting("base_url"), HTTPOptions: o})
	},
	Fake: startFake,
}

func ptr(v float64) *float64 { return &v }

// sandboxFake is PixelDojo's fake in the sandbox: free, its jobs kept in
// the sandbox's pixeldojo.json; it takes the sandbox's voice names.
type sandboxFake struct {
	f      *fake.PixelDojo
	voices []string
}

func startFake(sb *facts.Sandbox) (facts.Fake, error) {
	st, err := sb.Jobs("pixeldojo.json")
	if err != nil {
		return nil, err
	}
	o := sb.Options
	o.Jobs = st
	return sandboxFake{fake.NewPixelDojo(fake.PixelDojoOptions{Options: o, Credits: 1 << 50, Voices: sb.Voices}), sb.Voices}, nil
}

func (s sandboxFake) Client(string) (provider.Provider, error) {
	c, err := New(Config{BaseURL: s.f.BaseURL(), Key: s.f.Key()})
	if err != nil {
		return nil, err
	}
	return facts.ByVoiceName{Provider: c, Display: displayName, Names: s.voices}, nil
}

func (s sandboxFake) Server() *fake.Server { return s.f.Server() }
func (s sandboxFake) Close()               { s.f.Close() }

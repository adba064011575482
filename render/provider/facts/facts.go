// Package facts is the shape of what reel knows about a provider: its
// name, its APIs and what each can render, its key and base-URL variables,
// its default concurrency, whether a create can be replayed, its list
// prices, how to open a client and how to start its fake in the sandbox.
// Each provider package declares one Provider value in its facts.go, and
// the registry (render/provider/registry) lists them; everything else asks
// the registry, so that a fact about a provider has one home.
//
// It is a package of its own, not part of provider, because the facts
// name things of manifest (the request formats, the price of a video) and
// of the fakes, and provider imports nothing of reel's.
package facts

import (
	"slices"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
)

// Provider is everything reel knows about one provider.
type Provider struct {
	// Name is the provider's name in reel.yaml (provider:, providers.<name>,
	// pricing.<name>), on the command line and in the lock.
	Name string
	// Display is how messages name it: HeyGen, GMI Cloud.
	Display string
	// APIs are the APIs it speaks, the default first.
	APIs []API
	// Chooser is the setting of providers.<name> in reel.yaml that names
	// the API a project speaks (api); unset, or "" where the provider has
	// one, is APIs[0].
	Chooser string
	// AnyModel says Chooser names a model rather than one of APIs: any
	// name is taken and speaks APIs[0], under that name (GMI Cloud's
	// model id, which changes the video and so the render key).
	AnyModel bool
	// KeyEnv is the environment variable holding the API key.
	KeyEnv string
	// URLs are the base URLs a proxy or a test may move.
	URLs []URL
	// Concurrency is how many jobs reel keeps in flight at once unless
	// providers.<name>.concurrency says otherwise.
	Concurrency int
	// Pricing is how it bills, for estimates.
	Pricing Pricing
	// TopUp is where the account's credits are bought: the message of a
	// run the provider refused for want of credit points there.
	TopUp string
	// Quota says the provider reports what the account can still spend:
	// its clients are provider.Quoters, and reel render compares that
	// with the estimate before a paid run.
	Quota bool
	// Open returns a client of api, configured by providers.<name> in
	// reel.yaml and the environment.
	Open func(api string, cfg manifest.ProviderConfig, o provider.HTTPOptions) (provider.Provider, error)
	// Photos, where the provider trains photo avatars from a project's
	// photos (reel.yaml's avatars), opens its account for them; nil where
	// it does not.
	Photos func(cfg manifest.ProviderConfig, o provider.HTTPOptions) (provider.PhotoAvatars, error)
	// Fake starts the provider's fake in the sandbox.
	Fake func(*Sandbox) (Fake, error)
}

// API is one API of a provider.
type API struct {
	// Name is the API's name in providers.<name>.api and in the render
	// key: v3, queue.
	Name string
	// Label is how messages about what it cannot render name it.
	Label string
	// Request is the body it takes, built by manifest: what it can render.
	Request *manifest.Format
	// Uploads says local files are uploaded before the create; without it
	// a manifest gives public https URLs only.
	Uploads bool
	// Instead, when set, is what to suggest where it cannot render a
	// field, in place of the request format's own suggestion (an API that
	// borrows another's format borrows its limits, not its alternatives).
	Instead string
	// Replays says the API replays a create re-sent with the same
	// idempotency key, so a create never confirmed may be sent again.
	Replays bool
	// BulkStatus says one status call asks about many jobs.
	BulkStatus bool
	// PhotoAvatars says it renders the provider's trained photo avatars
	// (avatar.photo in a manifest).
	PhotoAvatars bool
	// TestField, when set, is the create body's field that, true, asks
	// for a test render: free and watermarked (HeyGen v2's test, seed
	// 004). reel render --test sets it, and refuses an API without one.
	TestField string
}

// URL is one base URL of a provider.
type URL struct {
	Setting string // its key under providers.<name> in reel.yaml: base_url
	Env     string // the environment variable replacing Default: HEYGEN_API_BASE
	Default string
}

// Pricing is how a provider bills.
type Pricing struct {
	// List is the published price; the zero Price is none published, and
	// an estimate is then unknown until pricing.<name> sets one.
	List manifest.Price
	// Step is how many seconds one billed step is (HeyGen bills 30-second
	// steps); 0 bills the length as it is.
	Step float64
	// Rate, when set, is the list credits a minute of a video where they
	// vary by API or avatar; it applies while credits_per_minute is the
	// list's.
	Rate func(v *manifest.Video) float64
}

// Listed reports whether the provider publishes a price.
func (p Pricing) Listed() bool { return p.List != manifest.Price{} }

// API returns the facts of the API named name ("" is the default), and
// whether the provider speaks it.
func (p *Provider) API(name string) (*API, bool) {
	if name == "" || p.AnyModel {
		return &p.APIs[0], true
	}
	i := slices.IndexFunc(p.APIs, func(a API) bool { return a.Name == name })
	if i < 0 {
		return nil, false
	}
	return &p.APIs[i], true
}

// APIName is the name of the API a project's settings choose.
func (p *Provider) APIName(cfg manifest.ProviderConfig) string {
	if p.Chooser != "" {
		if name := cfg.Setting(p.Chooser); name != "" {
			return name
		}
	}
	return p.APIs[0].Name
}

// Lock is the name reel.lock gives a render by api: the provider's name
// where it speaks one API (fal), else name/api (heygen/v3, gmi/<model>).
func (p *Provider) Lock(api string) string {
	if len(p.APIs) == 1 && !p.AnyModel {
		return p.Name
	}
	return p.Name + "/" + api
}

// Names are the names of the APIs, for messages.
func (p *Provider) Names() []string {
	out := make([]string, len(p.APIs))
	for i, a := range p.APIs {
		out[i] = a.Name
	}
	return out
}

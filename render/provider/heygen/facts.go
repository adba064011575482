package heygen

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/facts"
	"github.com/reel-dev/reel/render/provider/fake"
)

// Name is the provider's name in reel.yaml, on the command line and, with
// the API, in the lock (heygen/v3).
const Name = "heygen"

// Environment variables that move HeyGen's hosts elsewhere (a proxy, a
// fake); providers.heygen.base_url and upload_url replace them.
const (
	EnvAPIBase    = "HEYGEN_API_BASE"
	EnvUploadBase = "HEYGEN_UPLOAD_BASE"
)

// Facts is everything reel knows about HeyGen, for the provider registry.
//
// Photo avatars: a training costs 4 credits and a look 1, as HeyGen's
// API limits page lists them (docs.heygen.com/reference/limits:
// photo_avatar/train, photo_avatar/look/generate); seed 003 says both are
// "included in plan", which pricing.heygen.credits_per_training and
// credits_per_look set to 0 for a plan that includes them.
//
// Concurrency: HeyGen's Pro plan renders 3 videos at once; extra ones
// wait or get a 429. Prices are the published ones (providers.md): Avatar
// IV 6 credits a minute billed in 30-second steps, the legacy engines 1
// or 2 (creditsPerMinute); API plans sell a credit for about $1, which
// pricing.heygen.usd_per_credit corrects to a plan's.
var Facts = facts.Provider{
	Name:    Name,
	Display: "HeyGen",
	APIs: []facts.API{
		{Name: V3, Label: "HeyGen v3", Request: manifest.HeyGenV3, Uploads: true, Replays: true, BulkStatus: true, PhotoAvatars: true},
		// v2 answers a new photo avatar with 400 internal_error (a user's
		// report, providers.md §4): it renders talking photos, not them.
		{Name: V2, Label: "HeyGen v2", Request: manifest.HeyGenV2, Uploads: true, TestField: "test"},
		{Name: AV4, Label: "HeyGen Avatar IV (api av4)", Request: manifest.HeyGenAV4, Uploads: true, PhotoAvatars: true},
	},
	Chooser: "api",
	KeyEnv:  EnvKey,
	URLs: []facts.URL{
		{Setting: "base_url", Env: EnvAPIBase, Default: DefaultBase},
		{Setting: "upload_url", Env: EnvUploadBase, Default: DefaultUploadBase},
	},
	Concurrency: 3,
	// An API key's renders are paid from the API balance, which HeyGen's
	// dashboard shows under Settings, API [C docs.heygen.com
	// authentication-methods; seed 003].
	TopUp: "https://app.heygen.com/settings?nav=API",
	Quota: true,
	Pricing: facts.Pricing{
		List: manifest.Price{CreditsPerMinute: ptr(6), USDPerCredit: ptr(1), CreditsPerTraining: ptr(4), CreditsPerLook: ptr(1)},
		Step: 30,
		Rate: creditsPerMinute,
	},
	Open: func(api string, cfg manifest.ProviderConfig, o provider.HTTPOptions) (provider.Provider, error) {
		return New(Config{API: api, BaseURL: cfg.Setting("base_url"), UploadURL: cfg.Setting("upload_url"), HTTPOptions: o})
	},
	Photos: func(cfg manifest.ProviderConfig, o provider.HTTPOptions) (provider.PhotoAvatars, error) {
		return NewPhotoAccount(Config{BaseURL: cfg.Setting("base_url"), UploadURL: cfg.Setting("upload_url"), HTTPOptions: o}, Name)
	},
	Fake: startFake,
}

func ptr(v float64) *float64 { return &v }

// creditsPerMinute is the list rate by API and avatar: the legacy v2
// renders photo avatars at 1 and video avatars at 2 credits a minute, as
// does v3's avatar_iii engine; Avatar IV takes 6.
func creditsPerMinute(v *manifest.Video) float64 {
	legacy := v.API == V2 || v.Avatar.Engine == "avatar_iii"
	switch {
	case legacy && (v.Avatar.TalkingPhoto != "" || v.Avatar.Photo != ""):
		return 1
	case legacy:
		return 2
	}
	return 6
}

// sandboxFake is HeyGen's fake in the sandbox: one server for every API,
// free (the account never runs dry), with the catalog's ids only (and the
// looks of the photo avatars it trained), its videos kept in the
// sandbox's state.json and its photo avatar groups in photos.json. An uploaded file's id derives
// from its content, so the file a later run uploads again gets the id it
// had, and a create re-sent by that run with its Idempotency-Key is
// replayed, not charged again.
type sandboxFake struct{ f *fake.HeyGen }

func startFake(sb *facts.Sandbox) (facts.Fake, error) {
	st, err := sb.Videos("state.json")
	if err != nil {
		return nil, err
	}
	photos, err := sb.Photos("photos.json")
	if err != nil {
		return nil, err
	}
	f := fake.NewHeyGen(fake.HeyGenOptions{
		Options:         sb.Options,
		API:             fake.HeyGenV3,
		Credits:         1 << 50,
		Store:           st,
		ContentAssetIDs: true,
		StrictCatalog:   true,
		Photo:           fake.HeyGenPhotoOptions{Store: photos},
	})
	return sandboxFake{f}, nil
}

// Photos is the fake's photo avatar account. Its uploads' image keys
// derive from their content, so a photo a later run uploads again has the
// key the groups its earlier run made recorded.
func (s sandboxFake) Photos() (provider.PhotoAvatars, error) {
	return NewPhotoAccount(Config{BaseURL: s.f.BaseURL(), UploadURL: s.f.UploadURL(), Key: s.f.Key()}, Name)
}

func (s sandboxFake) Client(api string) (provider.Provider, error) {
	return New(Config{API: api, BaseURL: s.f.BaseURL(), UploadURL: s.f.UploadURL(), Key: s.f.Key()})
}

func (s sandboxFake) Server() *fake.Server { return s.f.Server() }
func (s sandboxFake) Close()               { s.f.Close() }

package manifest

// Providers is what manifest needs to know of the providers: which one a
// project renders with when it names none, what a name kept from older
// projects means, and which API a project's settings choose. The provider
// registry (render/provider/registry) is the one implementation; manifest
// cannot import it, since the providers it lists import manifest for their
// request formats.
type Providers interface {
	// Default is the provider of a project whose reel.yaml names none.
	Default() string
	// Sandboxed resolves a name that once meant a provider in the sandbox
	// (sandbox, from before the sandbox was a mode) to that provider.
	Sandboxed(name string) (provider string, ok bool)
	// API is the API of provider that settings (providers.<name> in
	// reel.yaml) choose; an error says which providers or APIs there are.
	API(provider string, settings ProviderConfig) (*API, error)
}

// API is one provider API as a video's request needs it.
type API struct {
	Provider string  // the render key's provider: heygen
	Name     string  // the render key's api: v3
	Label    string  // how messages name it: HeyGen v3
	Format   *Format // the body it takes
	// Uploads says local files are uploaded before the create; without
	// it they are refused, positioned, before anything is spent.
	Uploads bool
	// Instead, when set, is what to suggest where it cannot render a
	// field, in place of its format's suggestion.
	Instead string
	// PhotoAvatars says it renders the provider's trained photo avatars
	// (avatar.photo): without it they are refused, positioned.
	PhotoAvatars bool
	// Lock and SandboxLock are the names reel.lock gives a render by it,
	// and by its fake in the sandbox: heygen/v3, sandbox:heygen/v3.
	Lock, SandboxLock string
	// Test, when set, is the body field that asks the API for a free,
	// watermarked test render (Options.Test); "" where it has none.
	Test string
}

// ProviderName names the video's provider and API as reel.lock records
// them: heygen/v3, fal, ..., or in the sandbox the fake's name,
// sandbox:heygen/v3.
func (v *Video) ProviderName() string {
	if v.Sandbox {
		return v.api.SandboxLock
	}
	return v.api.Lock
}

// Format is the request body the video's API takes.
func (v *Video) Format() *Format { return v.api.Format }

package registry

import "fmt"

// KeyVar is the environment variable holding the API key of a provider,
// named as in reel.yaml or reel.lock (heygen, heygen/v3, fal): "" for one
// that needs no key, the sandbox's fakes.
func KeyVar(name string) string {
	if p, ok := Lookup(Vendor(name)); ok {
		return p.KeyEnv
	}
	return ""
}

// Concurrency is how many jobs reel keeps in flight at a vendor (Vendor's
// names) unless reel.yaml says otherwise.
func Concurrency(vendor string) int {
	if vendor == Sandbox {
		return SandboxConcurrency
	}
	if p, ok := Lookup(vendor); ok {
		return p.Concurrency
	}
	return 1
}

// Replays reports whether the API a lock's name stands for replays a
// create re-sent with the same idempotency key (HeyGen v3, and its fake
// in the sandbox), so that a create never confirmed may be sent again.
func Replays(name string) bool {
	api, ok := API(name)
	return ok && api.Replays
}

// BulkStatus reports whether the API a lock's name stands for asks about
// many jobs in one status call (HeyGen v3's, which its fake serves too).
func BulkStatus(name string) bool {
	api, ok := API(name)
	return ok && api.BulkStatus
}

// KeyVars are the environment variables of every provider's API key, in
// the registry's order.
func KeyVars() []string {
	out := make([]string, len(all))
	for i, p := range all {
		out[i] = p.KeyEnv
	}
	return out
}

// Trainer is the account that trains the photo avatars a render by the
// API a lock's name stands for uses (avatar.photo): its provider's
// (heygen), or in the sandbox that provider's fake (sandbox:heygen). ok
// is false where the API renders none, or the provider trains none.
func Trainer(name string) (trainer string, ok bool) {
	real, sandboxed := Sandboxed(name)
	if !sandboxed {
		real = name
	}
	p, api, known := ByLock(real)
	if !known || p.Photos == nil {
		return "", false
	}
	if a, _ := p.API(api); !a.PhotoAvatars {
		return "", false
	}
	if sandboxed {
		return SandboxName(p.Name), true
	}
	return p.Name, true
}

// TestModes names the APIs with a test mode (a free, watermarked render:
// facts.API.TestField) and how reel.yaml chooses each, for the message
// of render --test on an API without one.
func TestModes() []string {
	var out []string
	for _, p := range all {
		for _, a := range p.APIs {
			if a.TestField == "" {
				continue
			}
			how := "provider: " + p.Name
			if p.Chooser != "" {
				how += fmt.Sprintf(" with providers.%s.%s: %s", p.Name, p.Chooser, a.Name)
			}
			out = append(out, a.Label+" ("+how+")")
		}
	}
	return out
}

package registry

import (
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/facts"
)

// Sandbox is the sandbox's name: not a provider, but it has settings of
// one (providers.sandbox.concurrency, pricing.sandbox), and --provider
// sandbox, reel.yaml and manifests of older projects say it for "heygen in
// the sandbox".
const Sandbox = "sandbox"

// SandboxConcurrency is how many jobs the sandbox's fakes take at once,
// together, unless providers.sandbox.concurrency says otherwise.
const SandboxConcurrency = 8

// SandboxPricing is the sandbox's: free, unless pricing.sandbox says
// otherwise (to rehearse a budget).
var SandboxPricing = facts.Pricing{List: manifest.Price{USDPerVideo: new(float64)}}

// sandboxPrefix starts the name of a provider's fake in the sandbox, as
// reel.lock records a render the sandbox made: sandbox:heygen/v3 is
// HeyGen v3's fake, sandbox:fal fal's. A sandbox render is never taken for
// a real one, so a later real run renders it.
const sandboxPrefix = Sandbox + ":"

// SandboxName is the name of the fake of real (a lock's name) in the
// sandbox.
func SandboxName(real string) string { return sandboxPrefix + real }

// Sandboxed reports whether name is a fake of the sandbox, and names the
// real provider and API it stands in for. A lock written when the sandbox
// spoke HeyGen v3 only says "sandbox": that is HeyGen v3's fake.
func Sandboxed(name string) (real string, ok bool) {
	if name == Sandbox {
		return legacy(), true
	}
	return strings.CutPrefix(name, sandboxPrefix)
}

// legacy is what the sandbox stood for when it spoke one API: the default
// provider's default API, HeyGen v3.
func legacy() string {
	p := Default()
	return p.Lock(p.APIs[0].Name)
}

// Real is the provider and API a lock's name stands for: itself, or what
// a sandbox fake stands in for.
func Real(name string) string {
	if real, ok := Sandboxed(name); ok {
		return real
	}
	return name
}

// Vendor is the name of the provider a lock's name talks to (heygen for
// heygen/v3), or Sandbox for any of the sandbox's fakes, which share one
// limit; the keys of providers.<name>.concurrency.
func Vendor(name string) string {
	if _, ok := Sandboxed(name); ok {
		return Sandbox
	}
	vendor, _, _ := strings.Cut(name, "/")
	return vendor
}

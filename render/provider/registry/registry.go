// Package registry is the list of the providers reel renders with, one
// line each, and the lookups everything else asks: by name (heygen), by
// the lock's name of an API (heygen/v3, gmi/heygen-avatar-4) and by a
// sandbox fake's name (sandbox:heygen/v3). Each provider declares its own
// facts (render/provider/facts) in its package; adding a provider is one
// package and one line below.
package registry

import (
	"fmt"
	"strings"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/facts"
	"github.com/reel-dev/reel/render/provider/fal"
	"github.com/reel-dev/reel/render/provider/gmi"
	"github.com/reel-dev/reel/render/provider/heygen"
	"github.com/reel-dev/reel/render/provider/pixeldojo"
)

// all are the providers, the default first.
var all = []*facts.Provider{
	&heygen.Facts,
	&fal.Facts,
	&pixeldojo.Facts,
	&gmi.Facts,
}

// All returns every provider, the default first. The caller must not
// change them.
func All() []*facts.Provider { return all }

// Default is the provider of a project whose reel.yaml names none.
func Default() *facts.Provider { return all[0] }

// Names are the providers' names, the default first.
func Names() []string {
	out := make([]string, len(all))
	for i, p := range all {
		out[i] = p.Name
	}
	return out
}

// Lookup returns the provider named name.
func Lookup(name string) (*facts.Provider, bool) {
	for _, p := range all {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

// ByLock resolves the lock's name of a provider's API (heygen/v3, fal,
// gmi/heygen-avatar-4; not a sandbox name: see Real) to the provider and
// the API's name.
func ByLock(name string) (p *facts.Provider, api string, ok bool) {
	vendor, api, _ := strings.Cut(name, "/")
	if p, ok = Lookup(vendor); !ok {
		return nil, "", false
	}
	if api == "" {
		api = p.APIs[0].Name
	}
	if _, known := p.API(api); !known || p.Lock(api) != name {
		return nil, "", false
	}
	return p, api, true
}

// API returns the facts of the API a lock's name (or a sandbox fake's
// name) stands for.
func API(name string) (*facts.API, bool) {
	p, api, ok := ByLock(Real(name))
	if !ok {
		return nil, false
	}
	return p.API(api)
}

// unknown says name is no provider, and which there are.
func unknown(name string) error {
	return fmt.Errorf("unknown provider %q: use one of %s", name, strings.Join(Names(), ", "))
}

// Choices are what --provider takes: every provider's name, and the
// sandbox's (each video in its own provider's fake).
func Choices() []string { return append(Names(), Sandbox) }

// LockName is the lock's name of the API a project's settings of the
// provider named name choose: heygen/v3, fal, gmi/heygen-avatar-4.
func LockName(name string, settings manifest.ProviderConfig) (string, error) {
	p, ok := Lookup(name)
	if !ok {
		return "", unknown(name)
	}
	return p.Lock(p.APIName(settings)), nil
}

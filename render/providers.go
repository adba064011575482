package render

import (
	"fmt"
	"sync"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
	"github.com/reel-dev/reel/render/provider/sandbox"
)

// Providers opens each provider's client once, configured from reel.yaml
// (base URLs) and the environment (keys). The sandbox, whose fakes stand
// in for every provider, is started on first use and stopped by Close.
type Providers struct {
	Config map[string]manifest.ProviderConfig
	HTTP   provider.HTTPOptions

	mu      sync.Mutex
	open    map[string]provider.Provider
	sandbox *sandbox.Sandbox
}

// Open returns the client for a provider's lock name (heygen/v3, fal,
// gmi/heygen-avatar-4: see registry.ByLock), or the sandbox's fake of one
// (sandbox:heygen/v3, ...; an older lock's sandbox is sandbox:heygen/v3).
func (ps *Providers) Open(name string) (provider.Provider, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if p, ok := ps.open[name]; ok {
		return p, nil
	}
	p, err := ps.start(name)
	if err != nil {
		return nil, err
	}
	if ps.open == nil {
		ps.open = map[string]provider.Provider{}
	}
	ps.open[name] = p
	return p, nil
}

func (ps *Providers) start(name string) (provider.Provider, error) {
	if real, ok := registry.Sandboxed(name); ok {
		return ps.fake(real)
	}
	p, api, ok := registry.ByLock(name)
	if !ok {
		return nil, fmt.Errorf("unknown provider %q", name)
	}
	return p.Open(api, ps.Config[p.Name], ps.HTTP)
}

// fake is the sandbox's client for real, starting the sandbox if need be;
// ps.mu is held.
func (ps *Providers) fake(real string) (provider.Provider, error) {
	sb, err := ps.started()
	if err != nil {
		return nil, err
	}
	return sb.Open(real)
}

// started is the sandbox, started if need be; ps.mu is held.
func (ps *Providers) started() (*sandbox.Sandbox, error) {
	if ps.sandbox == nil {
		sb, err := sandbox.Start()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", registry.Sandbox, err)
		}
		ps.sandbox = sb
	}
	return ps.sandbox, nil
}

// OpenPhotos returns the photo avatar account a Trainer name stands for
// (heygen, or sandbox:heygen), configured as Open's clients are.
func (ps *Providers) OpenPhotos(name string) (provider.PhotoAvatars, error) {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if vendor, ok := registry.Sandboxed(name); ok {
		sb, err := ps.started()
		if err != nil {
			return nil, err
		}
		return sb.Photos(vendor)
	}
	p, ok := registry.Lookup(name)
	if !ok || p.Photos == nil {
		return nil, fmt.Errorf("%q trains no photo avatars", name)
	}
	return p.Photos(ps.Config[p.Name], ps.HTTP)
}

// Close stops the sandbox, if it was started.
func (ps *Providers) Close() {
	ps.mu.Lock()
	defer ps.mu.Unlock()
	if ps.sandbox != nil {
		ps.sandbox.Close()
		ps.sandbox = nil
	}
}

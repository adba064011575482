package registry

import (
	"fmt"
	"strings"
	"sync"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider/facts"
)

// Manifest is the registry as manifest.Load asks it (Options.Providers).
func Manifest() manifest.Providers { return manifestView{} }

type manifestView struct{}

func (manifestView) Default() string { return Default().Name }

// Sandboxed is the provider "sandbox" meant in reel.yaml, a manifest or
// --provider before the sandbox was a mode: the default, in the sandbox.
func (manifestView) Sandboxed(name string) (string, bool) {
	if name == Sandbox {
		return Default().Name, true
	}
	return "", false
}

func (manifestView) API(name string, cfg manifest.ProviderConfig) (*manifest.API, error) {
	p, ok := Lookup(name)
	if !ok {
		return nil, unknown(name)
	}
	return resolve(p, p.APIName(cfg))
}

// resolved holds manifest's view of each API by its lock name: a project
// of ten thousand videos asks for the same few.
var resolved sync.Map // string → *manifest.API

func resolve(p *facts.Provider, api string) (*manifest.API, error) {
	lock := p.Lock(api)
	if m, ok := resolved.Load(lock); ok {
		return m.(*manifest.API), nil
	}
	a, ok := p.API(api)
	if !ok {
		return nil, fmt.Errorf("%s has no api %q: use one of %s", p.Name, api, strings.Join(p.Names(), ", "))
	}
	m := &manifest.API{
		Provider: p.Name, Name: api, Label: a.Label, Format: a.Request, Uploads: a.Uploads, Instead: a.Instead, PhotoAvatars: a.PhotoAvatars,
		Lock: lock, SandboxLock: SandboxName(lock), Test: a.TestField,
	}
	got, _ := resolved.LoadOrStore(lock, m)
	return got.(*manifest.API), nil
}

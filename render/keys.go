package render

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// MissingKeysError says which API keys a run needs that are not in the
// environment. It is found before anything is shown or sent, so a user
// learns once which variable to set, and not once per video after paying
// for nothing.
type MissingKeysError struct {
	Vars []string // sorted, each once
}

func (e *MissingKeysError) Error() string {
	if len(e.Vars) == 1 {
		return fmt.Sprintf("%s is not set: export your API key in it (or try reel without one: --provider %s); nothing was sent", e.Vars[0], registry.Sandbox)
	}
	return fmt.Sprintf("%s and %s are not set: export your API keys in them (or try reel without one: --provider %s); nothing was sent",
		strings.Join(e.Vars[:len(e.Vars)-1], ", "), e.Vars[len(e.Vars)-1], registry.Sandbox)
}

// Unwrap makes a MissingKeysError a provider.ErrNoKey.
func (e *MissingKeysError) Unwrap() error { return provider.ErrNoKey }

// CheckKeys reports, as a *MissingKeysError, the keys of the providers
// that the actions of p with work to do need and that are not set: a free
// download needs its provider's key too (the result call is
// authenticated).
func CheckKeys(p *plan.Plan) error {
	return MissingKeys(ProvidersOf(p)...)
}

// ProvidersOf names the providers the actions of p with work to do call,
// the avatars' trainings included.
func ProvidersOf(p *plan.Plan) []string {
	var names []string
	for _, a := range p.Actions {
		if a.Kind != plan.OK && a.Kind != plan.Orphan {
			names = append(names, registry.Vendor(providerOf(a)))
		}
	}
	for _, a := range p.Avatars { // trained at their account first
		if a.Kind != plan.OK {
			names = append(names, registry.Vendor(a.Trainer))
		}
	}
	return names
}

// MissingKeys reports, as a *MissingKeysError, the keys of the named
// providers (as registry.KeyVar names them) that are not set; nil when
// every one is.
func MissingKeys(providers ...string) error {
	var vars []string
	for _, name := range providers {
		v := registry.KeyVar(name)
		if v == "" || slices.Contains(vars, v) {
			continue
		}
		if _, err := provider.Secret(v); errors.Is(err, provider.ErrNoKey) {
			vars = append(vars, v)
		}
	}
	if len(vars) == 0 {
		return nil
	}
	slices.Sort(vars)
	return &MissingKeysError{Vars: vars}
}

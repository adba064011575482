package render

import (
	"errors"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fal"
	"github.com/reel-dev/reel/render/provider/heygen"
	"github.com/reel-dev/reel/render/provider/pixeldojo"
)

// keyVars names the environment variable each provider's key is read
// from, by vendor. The sandbox needs none.
var keyVars = map[string]string{"heygen": heygen.EnvKey, "fal": fal.EnvKey, "pixeldojo": pixeldojo.EnvKey}

// KeyError says that a provider a run needs has no key in the
// environment: one error per variable, with the videos that need it.
type KeyError struct {
	Var    string   // HEYGEN_API_KEY
	Vendor string   // heygen
	IDs    []string // sorted
}

func (e *KeyError) Error() string {
	return e.Var + " is not set, and " + e.Vendor + " has work for " + videos(e.IDs) + ": export your API key in it"
}

// videos names a few ids, and says how many there are.
func videos(ids []string) string {
	const shown = 3
	if len(ids) == 1 {
		return "1 video (" + ids[0] + ")"
	}
	list := strings.Join(ids[:min(shown, len(ids))], ", ")
	if len(ids) > shown {
		list += ", …"
	}
	return strconv.Itoa(len(ids)) + " videos (" + list + ")"
}

// CheckKeys checks, before anything is sent, that each provider with work
// has its key: uses maps a provider's lock name (heygen/v3, fal, sandbox)
// to the ids of the videos that talk to it. It returns a *KeyError for
// each missing variable, sorted by variable, joined; nil when none is
// missing. An unknown provider is left to Open, which says so.
func CheckKeys(uses map[string][]string) error {
	need := map[string]*KeyError{}
	for name, ids := range uses {
		vendor, _, _ := strings.Cut(name, "/")
		v, ok := keyVars[vendor]
		if !ok {
			continue
		}
		if _, err := provider.Secret(v); err == nil {
			continue
		}
		if need[v] == nil {
			need[v] = &KeyError{Var: v, Vendor: vendor}
		}
		need[v].IDs = append(need[v].IDs, ids...)
	}
	errs := make([]error, 0, len(need))
	for _, e := range need {
		slices.Sort(e.IDs)
		e.IDs = slices.Compact(e.IDs)
		errs = append(errs, e)
	}
	sort.Slice(errs, func(i, j int) bool { return errs[i].(*KeyError).Var < errs[j].(*KeyError).Var })
	return errors.Join(errs...)
}

// Uses maps each provider the actions of p with work talk to (by the name
// Open takes) to the ids of those videos: a free download or a resumed
// job asks its provider too.
func Uses(p *plan.Plan) map[string][]string {
	out := map[string][]string{}
	for _, a := range p.Actions {
		if a.Kind == plan.OK || a.Kind == plan.Orphan {
			continue
		}
		name := providerOf(a)
		out[name] = append(out[name], a.ID)
	}
	return out
}

// providerOf is the provider an action talks to, by its lock name.
func providerOf(a plan.Action) string {
	switch {
	case a.Kind == plan.Download && a.From != nil:
		return a.From.Provider
	case a.Kind == plan.Resume && a.Entry != nil:
		return a.Entry.Provider
	case a.Video != nil:
		return plan.ProviderName(a.Video)
	}
	return ""
}

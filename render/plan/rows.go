package plan

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reel-dev/reel/manifest"
)

// The videos of a manifest with rows are many (one per row, and per
// locale): reel plan lists them under their manifest, a line per kind of
// action (~ render  welcome  3 of 500 rows changed  $9.00), and --all
// (or --diff) lists each. Orphans are listed each: a removed row is
// worth naming.

// GroupOf is the group a video's action is listed under: its manifest's
// id for a video made from a row, else "".
func GroupOf(v *manifest.Video) string {
	if v == nil || v.Origin == nil || v.Origin.Key == "" {
		return ""
	}
	return v.Origin.Template
}

// Sizes says how many videos a group has (orphans aside), and whether it
// has locales (then its unit is videos, not rows).
type Sizes func(group string) (videos int, localized bool)

// sizesOf counts the groups of a list of all of a plan's actions.
func sizesOf(actions []Action) Sizes {
	n, loc := map[string]int{}, map[string]bool{}
	for _, a := range actions {
		if a.Group != "" && a.Kind != Orphan {
			n[a.Group]++
			loc[a.Group] = loc[a.Group] || localized(a.Group, a.ID)
		}
	}
	return func(g string) (int, bool) { return n[g], loc[g] }
}

// localized reports whether a row's video id is one of a locale:
// <group>@<key>@<locale> (a key holds no @).
func localized(group, id string) bool {
	rest, ok := strings.CutPrefix(id, group+"@")
	return ok && strings.Contains(rest, "@")
}

// groupLine is one group's actions of one kind, summed.
type groupLine struct {
	n       int
	cost    Cost
	sandbox bool // every one renders in the sandbox
}

// grouped replaces the row videos' actions with work to do by a line per
// group and kind, placed where the group's first one was.
func grouped(actions []Action, sizes Sizes) []Action {
	lines := map[string]map[Kind]*groupLine{}
	var out []Action
	for _, a := range actions {
		if a.Group == "" || a.Kind == OK || a.Kind == Orphan {
			out = append(out, a)
			continue
		}
		byKind := lines[a.Group]
		if byKind == nil {
			byKind = map[Kind]*groupLine{}
			lines[a.Group] = byKind
			out = append(out, Action{ID: a.Group, Group: a.Group}) // a mark: the group's lines go here
		}
		g := byKind[a.Kind]
		if g == nil {
			g = &groupLine{sandbox: true}
			byKind[a.Kind] = g
		}
		g.n++
		g.cost = g.cost.Add(a.Cost)
		g.sandbox = g.sandbox && strings.HasSuffix(a.Reason, InSandbox)
	}
	var final []Action
	for _, a := range out {
		if a.Kind != "" {
			final = append(final, a)
			continue
		}
		total, loc := sizes(a.Group)
		for _, k := range order {
			if g := lines[a.Group][k]; g != nil {
				why := groupReason(g.n, total, loc, k)
				if g.sandbox && k.Paid() {
					why += InSandbox
				}
				final = append(final, Action{ID: a.Group, Kind: k, Group: a.Group, Reason: why, Cost: g.cost})
			}
		}
	}
	// the group's lines go first among its videos: before a removed row's
	// orphan, as its id sorts
	slices.SortStableFunc(final, func(a, b Action) int { return strings.Compare(a.ID, b.ID) })
	return final
}

// groupReason is a group line's reason: how many of its videos do what.
func groupReason(n, total int, localized bool, k Kind) string {
	unit := "rows"
	if localized {
		unit = "videos"
	}
	what := map[Kind]string{Create: "new", Render: "changed", Download: "to fetch again, free", Resume: "in flight"}[k]
	return fmt.Sprintf("%d of %d %s %s", n, total, unit, what)
}

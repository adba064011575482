package plan

import (
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// The kinds of an avatar's action: its training and the looks generated
// from it are paid, and come before the videos that use them.
const (
	Train Kind = "train" // a new or changed avatar: train it, then generate its looks
	Look  Kind = "look"  // a trained avatar: generate its new or changed looks
)

// AvatarAction is what a run must do for one photo avatar the plan's
// videos use, at the account that trains it, before those videos render:
// Train, Look, Resume (a training or generation in flight) or OK.
type AvatarAction struct {
	ID     string `json:"i"` // the lock's id: heygen/anna
	Name   string `json:"n"` // reel.yaml's name: anna
	Kind   Kind   `json:"k"`
	Reason string `json:"r"`
	Key    string `json:"y"` // the avatar key
	// Photos is how many photos it trains from; Looks the looks to
	// generate (or generating), by name.
	Photos int      `json:"p"`
	Looks  []string `json:"l,omitempty"`
	Cost   Cost     `json:"$"`
	// Avatar is reel.yaml's avatar, Trainer the account (heygen,
	// sandbox:heygen), Entry its lock record (nil if never trained), and
	// Needed the looks the plan's videos use: what a run needs.
	Avatar  *manifest.PhotoAvatar `json:"-"`
	Trainer string                `json:"-"`
	Entry   *lock.Avatar          `json:"-"`
	Needed  []manifest.Look       `json:"-"`
}

// Label is how a plan lists the action: avatar anna.
func (a AvatarAction) Label() string { return "avatar " + a.Name }

// avatarActions is the action of each photo avatar the videos use, by the
// account that trains it, sorted by id.
func avatarActions(videos []*manifest.Video, l *lock.Lock, prices Prices) []AvatarAction {
	type use struct {
		trainer string
		avatar  *manifest.PhotoAvatar
		looks   map[string]bool
	}
	uses := map[string]*use{}
	for _, v := range videos {
		for _, u := range v.Request.Avatars {
			trainer, ok := registry.Trainer(v.ProviderName())
			if !ok {
				continue // validation refused it: an API that renders none
			}
			id := lock.AvatarID(trainer, u.Avatar.Name)
			if uses[id] == nil {
				uses[id] = &use{trainer, u.Avatar, map[string]bool{}}
			}
			if u.Look != "" {
				uses[id].looks[u.Look] = true
			}
		}
	}
	out := make([]AvatarAction, 0, len(uses))
	for id, u := range uses {
		a := AvatarAction{ID: id, Name: u.avatar.Name, Key: u.avatar.Key, Photos: len(u.avatar.Photos),
			Avatar: u.avatar, Trainer: u.trainer, Entry: l.Avatars[id]}
		for _, name := range u.avatar.LookNames() {
			if u.looks[name] {
				a.Needed = append(a.Needed, u.avatar.Looks[name])
			}
		}
		a.decide(prices)
		out = append(out, a)
	}
	slices.SortFunc(out, func(x, y AvatarAction) int { return strings.Compare(x.ID, y.ID) })
	return out
}

// decide sets the action's kind, reason, looks and cost from its lock
// record.
func (a *AvatarAction) decide(prices Prices) {
	e := a.Entry
	photos := english.Count(a.Photos, "photo")
	switch {
	case e == nil:
		a.train(prices, "new avatar: "+photos)
	case e.Photos != a.Avatar.PhotosKey:
		a.train(prices, "photos changed: "+photos+", trained again")
	case e.State == lock.AvatarFailed:
		a.train(prices, "the last training failed: "+e.Error)
	case e.State == lock.AvatarCreating:
		a.train(prices, "a group's create was sent and not confirmed: reel looks for it before creating another")
	case e.State == lock.AvatarAdding:
		a.train(prices, "its group is made: its photos go in, then it trains")
	case e.State == lock.AvatarTrainSent:
		a.Kind, a.Reason = Resume, "a training was sent and not confirmed: reel asks its status before training again"
	case e.State == lock.AvatarTraining:
		a.Kind, a.Reason = Resume, "a training is in flight"
	default:
		a.looks(prices)
	}
	if a.Kind.Paid() && strings.HasPrefix(a.Trainer, registry.Sandbox) {
		a.Reason += InSandbox
	}
}

// train is a training and every look the videos use.
func (a *AvatarAction) train(prices Prices, reason string) {
	a.Kind, a.Reason = Train, reason
	for _, l := range a.Needed {
		a.Looks = append(a.Looks, l.Name)
	}
	if n := len(a.Looks); n > 0 {
		a.Reason += ", " + english.Count(n, "look")
	}
	a.Cost = prices.training(a.Trainer, 1, len(a.Looks))
}

// looks is the action of a trained avatar: the looks the videos use that
// are not generated, or are being generated.
func (a *AvatarAction) looks(prices Prices) {
	var todo, flying []string
	for _, l := range a.Needed {
		r, ok := a.Entry.Look(l.Key)
		switch {
		case !ok || r.State == lock.LookFailed:
			todo = append(todo, l.Name)
		case r.State != lock.LookDone:
			flying = append(flying, l.Name)
		}
	}
	switch {
	case len(todo) > 0:
		a.Kind, a.Looks = Look, todo
		a.Reason = fmt.Sprintf("new or changed %s: %s", english.Plural(len(todo), "look"), strings.Join(todo, ", "))
		a.Cost = prices.training(a.Trainer, 0, len(todo))
	case len(flying) > 0:
		a.Kind, a.Looks = Resume, flying
		a.Reason = fmt.Sprintf("%s in flight: %s", english.Plural(len(flying), "look generation"), strings.Join(flying, ", "))
	default:
		a.Kind, a.Reason = OK, "trained, up to date"
	}
}

// training prices trainings and looks at the account trainer: its
// provider's prices, or the sandbox's.
func (p Prices) training(trainer string, trainings, looks int) Cost {
	name := registry.Vendor(trainer)
	pr := p.byName[name]
	credits := val(pr.CreditsPerTraining)*float64(trainings) + val(pr.CreditsPerLook)*float64(looks)
	return Cost{Credits: credits, USD: credits * val(pr.USDPerCredit)}
}

// avatarCost is how a plan prints an avatar action's estimate: it has no
// length.
func avatarCost(c Cost) string {
	s := fmt.Sprintf("$%.2f", c.USD)
	if c.Credits > 0 {
		s += fmt.Sprintf(" (%g credits)", round2(c.Credits))
	}
	return s
}

// avatarsPending reports whether any avatar action has work to do.
func avatarsPending(as []AvatarAction) bool {
	return slices.ContainsFunc(as, func(a AvatarAction) bool { return a.Kind != OK })
}

// avatarsPaid reports whether any avatar action pays the provider.
func avatarsPaid(as []AvatarAction) bool {
	return slices.ContainsFunc(as, func(a AvatarAction) bool { return a.Kind.Paid() })
}

// avatarCounts are the summary's words for the avatar actions: "1 avatar
// to train", "2 looks to generate", "1 avatar in flight".
func avatarCounts(as []AvatarAction) []string {
	var train, looks, flying int
	for _, a := range as {
		switch a.Kind {
		case Train:
			train++
			looks += len(a.Looks)
		case Look:
			looks += len(a.Looks)
		case Resume:
			flying++
		}
	}
	var out []string
	if train > 0 {
		out = append(out, english.Count(train, "avatar")+" to train")
	}
	if looks > 0 {
		out = append(out, english.Count(looks, "look")+" to generate")
	}
	if flying > 0 {
		out = append(out, english.Count(flying, "avatar")+" in flight")
	}
	return out
}

// printAvatars lists the avatar actions with work to do (all with all),
// before the videos, their labels in the videos' column (width grows to
// fit them), and returns how many it listed.
func printAvatars(w io.Writer, as []AvatarAction, all, color bool, width *int) int {
	shown := 0
	for _, a := range as {
		if all || a.Kind != OK {
			*width = max(*width, len(a.Label()))
		}
	}
	for _, a := range as {
		if a.Kind == OK && !all {
			continue
		}
		shown++
		line := fmt.Sprintf("%s %-8s %-*s  %s", Symbol(a.Kind, color), a.Kind, *width, a.Label(), a.Reason)
		if a.Kind.Paid() {
			line += "  " + avatarCost(a.Cost)
		}
		fmt.Fprintln(w, strings.TrimRight(line, " "))
	}
	return shown
}

// jsonAvatar is an avatar action as `reel plan --json` prints it.
type jsonAvatar struct {
	ID     string   `json:"id"`
	Avatar string   `json:"avatar"`
	Action Kind     `json:"action"`
	Reason string   `json:"reason"`
	Key    string   `json:"key"`
	Photos int      `json:"photos"`
	Looks  []string `json:"looks,omitempty"`
	Cost   *Cost    `json:"cost,omitempty"`
}

func jsonAvatars(as []AvatarAction) []jsonAvatar {
	out := []jsonAvatar{}
	for _, a := range as {
		ja := jsonAvatar{ID: a.ID, Avatar: a.Name, Action: a.Kind, Reason: a.Reason, Key: a.Key, Photos: a.Photos, Looks: a.Looks}
		if a.Kind.Paid() {
			c := a.Cost
			ja.Cost = &c
		}
		out = append(out, ja)
	}
	return out
}

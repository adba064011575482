package lock

import (
	"fmt"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/internal/textsafe"
)

// AvatarsVersion is the format of a lock that records photo avatars: a
// lock of videos alone stays Version, so that every lock written before
// avatars existed reads and writes as it did, and an older reel refuses a
// lock with avatar blocks by its version line ("upgrade reel") instead of
// taking them for damage.
const AvatarsVersion = 3

// Avatar is one photo avatar's training at one provider, as reel.lock
// records it: the avatar key it was made for, the group made at the
// provider, its trained look and the looks generated from it. Like a
// render's, each paid call (create group, train, generate look) is
// recorded as an intent before it is sent and its answer right after, so a
// rerun never pays for one twice.
type Avatar struct {
	// ID is the account and the avatar's name: heygen/anna, or in the
	// sandbox sandbox:heygen/anna.
	ID string
	// Key is the avatar key the record was made for; Photos the photos'
	// key, what the group was trained from.
	Key, Photos string
	State       AvatarState
	// Name is the group's name at the provider: how a group whose create
	// answer was lost is found again.
	Name  string
	Group string // the group's id, once known
	// Trained is the trained avatar's id (the look of its first photo), the
	// id its videos render.
	Trained string
	Error   string // the provider's reason, when Failed
	// Looks are the looks generated from it, sorted by key.
	Looks []LookRecord
}

// AvatarState is where an avatar's training stands.
type AvatarState string

const (
	// AvatarCreating: the group's create was (or is about to be) sent, and
	// its answer is not recorded; a rerun looks the group up by Name.
	AvatarCreating AvatarState = "creating"
	// AvatarAdding: the group exists; its other photos go in (free).
	AvatarAdding AvatarState = "adding"
	// AvatarTrainSent: the training was (or is about to be) sent and not
	// confirmed; a rerun asks the group's training status first.
	AvatarTrainSent AvatarState = "train_sent"
	AvatarTraining  AvatarState = "training" // the provider took the training
	AvatarTrained   AvatarState = "trained"  // Trained is the id to render
	AvatarFailed    AvatarState = "failed"   // the provider gave up; Error says why
)

// LookRecord is one look generated from a trained avatar.
type LookRecord struct {
	Key   string // the look key it was generated for
	Name  string // its name in reel.yaml when it was generated
	State LookState
	// Generation is the generation's id, once its answer is recorded.
	Generation string
	// IDs are the looks it made, the first the one videos render.
	IDs   []string
	Error string
}

// LookState is where a look generation stands.
type LookState string

const (
	// LookSent: the generation was (or is about to be) sent and its answer
	// is not recorded; a rerun looks for the looks it added.
	LookSent       LookState = "sent"
	LookGenerating LookState = "generating"
	LookDone       LookState = "done"
	LookFailed     LookState = "failed"
)

var (
	avatarStates = []AvatarState{AvatarCreating, AvatarAdding, AvatarTrainSent, AvatarTraining, AvatarTrained, AvatarFailed}
	lookStates   = []LookState{LookSent, LookGenerating, LookDone, LookFailed}
)

// SetAvatar records a, replacing the avatar of its id.
func (l *Lock) SetAvatar(a *Avatar) {
	if l.Avatars == nil {
		l.Avatars = map[string]*Avatar{}
	}
	l.Avatars[a.ID] = a
}

// RemoveAvatar forgets an avatar, for gc of avatars no video uses.
func (l *Lock) RemoveAvatar(id string) { delete(l.Avatars, id) }

// Look returns the record of the look generated for key, if any.
func (a *Avatar) Look(key string) (*LookRecord, bool) {
	for i := range a.Looks {
		if a.Looks[i].Key == key {
			return &a.Looks[i], true
		}
	}
	return nil, false
}

// SetLook records r, replacing the record of its key, and keeps Looks
// sorted.
func (a *Avatar) SetLook(r LookRecord) {
	if old, ok := a.Look(r.Key); ok {
		*old = r
		return
	}
	a.Looks = append(a.Looks, r)
	slices.SortFunc(a.Looks, func(x, y LookRecord) int { return strings.Compare(x.Key, y.Key) })
}

// AvatarID is the lock's id of the avatar named name at the account
// trainer (heygen, sandbox:heygen).
func AvatarID(trainer, name string) string { return trainer + "/" + name }

// Field names of an avatar block, in the order they are written, but for
// check and key, which end it as they end a video's.
const (
	fPhotos  = "photos"
	fName    = "name"
	fGroup   = "group"
	fTrained = "trained"
	fLook    = "look"
	fGen     = "generation"
	fIDs     = "ids"
)

// appendAvatar appends one avatar block.
func appendAvatar(b []byte, id string, a *Avatar) ([]byte, error) {
	if err := checkAvatar(id, a); err != nil {
		return b, err
	}
	start := len(b)
	b = append(b, "avatar "...)
	b = appendValue(b, id)
	b = append(b, '\n')
	b = appendString(b, fState, string(a.State))
	b = appendString(b, fPhotos, a.Photos)
	b = appendString(b, fName, a.Name)
	b = appendString(b, fGroup, a.Group)
	b = appendString(b, fTrained, a.Trained)
	b = appendString(b, fError, textsafe.OneLine(a.Error))
	for _, r := range a.Looks {
		b = appendName(b, fLook)
		b = appendLook(b, r)
		b = append(b, '\n')
	}
	return appendCheckAndKey(b, start, a.Key), nil
}

// appendLook writes a look on one line: its key, then its attributes as
// name=value in a fixed order, as a history record is written.
func appendLook(b []byte, r LookRecord) []byte {
	b = appendValue(b, r.Key)
	attr := func(name, v string) {
		if v != "" {
			b = append(b, ' ')
			b = append(b, name...)
			b = append(b, '=')
			b = appendValue(b, v)
		}
	}
	attr(fName, r.Name)
	attr(fState, string(r.State))
	attr(fGen, r.Generation)
	attr(fIDs, strings.Join(r.IDs, ","))
	attr(fError, textsafe.OneLine(r.Error))
	return b
}

// checkAvatar rejects what the decoder would reject.
func checkAvatar(id string, a *Avatar) error {
	switch {
	case a == nil:
		return fmt.Errorf("nil avatar")
	case a.ID != id:
		return fmt.Errorf("avatar has id %s", quote(a.ID))
	case !isHex(a.Key, hashLen):
		return fmt.Errorf("avatar key %s is not 64 lowercase hex digits", quote(a.Key))
	case a.Photos != "" && !isHex(a.Photos, hashLen):
		return fmt.Errorf("photos key %s is not 64 lowercase hex digits", quote(a.Photos))
	case !slices.Contains(avatarStates, a.State):
		return fmt.Errorf("unknown avatar state %s", quote(string(a.State)))
	case hasControl(a.ID, a.Name, a.Group, a.Trained):
		return fmt.Errorf("a name holds a control character: its id, name, group or training")
	}
	for _, r := range a.Looks {
		switch {
		case !isHex(r.Key, hashLen):
			return fmt.Errorf("look key %s is not 64 lowercase hex digits", quote(r.Key))
		case !slices.Contains(lookStates, r.State):
			return fmt.Errorf("look %s: unknown state %s", quote(r.Key), quote(string(r.State)))
		case hasControl(r.Name, r.Generation, strings.Join(r.IDs, ",")):
			return fmt.Errorf("look %s: a name holds a control character", quote(r.Key))
		}
		for _, id := range r.IDs {
			if id == "" || strings.ContainsAny(id, ", \t\"") {
				return fmt.Errorf("look %s: id %s cannot be recorded", quote(r.Key), quote(id))
			}
		}
	}
	return nil
}

// sortedAvatarIDs is every avatar id of l, sorted.
func sortedAvatarIDs(l *Lock) []string {
	ids := make([]string, 0, len(l.Avatars))
	for id := range l.Avatars {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// ForgetAvatar forgets what reel could not confirm of the avatar named
// name, at every account, so that the next render does it anew: the looks
// whose generation was sent and never confirmed, when that is all that is
// left unconfirmed of a trained avatar; else the avatar's whole record.
// It returns what it forgot, in words, one entry per account.
func (l *Lock) ForgetAvatar(name string) []string {
	var out []string
	for _, id := range sortedAvatarIDs(l) {
		if !strings.HasSuffix(id, "/"+name) {
			continue
		}
		a := l.Avatars[id]
		kept := slices.DeleteFunc(slices.Clone(a.Looks), func(r LookRecord) bool { return r.State == LookSent })
		if a.State == AvatarTrained && len(kept) < len(a.Looks) {
			out = append(out, id+": "+english.Count(len(a.Looks)-len(kept), "unconfirmed look generation"))
			a.Looks = kept
			continue
		}
		out = append(out, id)
		delete(l.Avatars, id)
	}
	return out
}

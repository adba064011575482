// Package lock is reel.lock: what was rendered, per video, so that a run
// renders only what changed and never pays twice for one render key.
//
// The file is committed to git. It is deterministic (same content, same
// bytes), holds no secrets and no signed URLs, and is laid out one block per
// video, sorted by id, so that two branches that re-render different videos
// merge with plain `git merge`.
package lock

import (
	"encoding/json"
	"slices"
)

// FileName is the lock's name at the project root.
const FileName = "reel.lock"

// Version is the format this reel writes; it reads it and version 1 (see
// format.go). A lock of a newer version is refused, never silently
// rewritten.
const Version = 2

// MaxHistory is how many earlier renders a video keeps.
const MaxHistory = 10

// State is where a video's current render stands.
type State string

const (
	// Pending: the create was (or is about to be) sent. With an empty Job
	// the create may or may not have reached the provider: a rerun must
	// not blindly create again.
	Pending State = "pending"
	Done    State = "done"   // the output is verified and recorded
	Failed  State = "failed" // the provider gave up; Error says why
)

// Lock is the whole file: an entry per video id.
type Lock struct {
	Videos map[string]*Entry
	// Avatars are the photo avatars trained for the project, by id
	// (AvatarID).
	Avatars map[string]*Avatar
	// Store is where the requests of the current renders are kept: beside
	// the file the lock was read from, or "" for a lock made in memory.
	Store Store
	// sorted is every id of a decoded lock, in the order the file had them
	// if that was sorted: Encode then need not sort ten thousand ids
	// again, if Videos still holds exactly these.
	sorted []string
}

// Entry is one video's current render and its earlier ones.
type Entry struct {
	ID       string
	Key      string // render key of the current render
	State    State
	Provider string // provider and API, e.g. heygen/v3
	Job      string // the provider's job id
	Output   string // slash path below output_dir
	Size     int64  // bytes of the verified output
	SHA256   string // of the verified output
	Duration float64
	CostUSD  float64
	Error    string // the provider's reason, when Failed
	// Request is the canonical request the key was made from, so that plan
	// can say field by field what changed, also on a fresh clone. It is
	// not a line of the lock: an update keeps it in the Store (see
	// RequestsDir), and a lock read back has it only there (Lock.Request),
	// or here when the file was written before the store existed.
	Request json.RawMessage
	// Uploads maps each local asset's hash to what the provider gave back
	// for it (an asset id, an image key, a file URL) while a create is in
	// flight: a resumed create then sends the very same body, which HeyGen
	// v3 replays by Idempotency-Key instead of charging again.
	Uploads map[string]string
	// Replaces is, while a forced or retried render of the same key is in
	// flight, the job it replaces: the create's idempotency key derives
	// from it, so a resumed create must know it to send the same key.
	Replaces string
	// History holds earlier renders of this video, newest first, so that
	// reverting a change re-uses what was paid for.
	History []Render
}

// Render is one finished render kept in a video's history.
type Render struct {
	Key      string
	Provider string
	Job      string
	Output   string
	Size     int64
	SHA256   string
	Duration float64
	CostUSD  float64
}

// Recorded is a video's current render as the lock records it, with the
// video's id: what reel fetch downloads again when its output is missing.
type Recorded struct {
	ID string
	Render
}

// New returns an empty lock.
func New() *Lock { return &Lock{Videos: map[string]*Entry{}} }

// NewAt returns an empty lock for the file at path, with its Store.
func NewAt(path string) *Lock {
	l := New()
	l.Store = StoreOf(path)
	return l
}

// Renders indexes every finished render by key, in any video's entry or
// history, so a render paid for once is downloaded again rather than
// re-created. Where several renders have one key, a video's current render
// wins over a history record, then the video that sorts first, then the
// newer record: the same lock always gives the same answer.
func (l *Lock) Renders() map[string]Render {
	ids := make([]string, 0, len(l.Videos))
	for id := range l.Videos {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make(map[string]Render, len(ids))
	for _, id := range ids {
		if e := l.Videos[id]; e.State == Done {
			if _, ok := out[e.Key]; !ok {
				out[e.Key] = e.Render()
			}
		}
	}
	for _, id := range ids {
		for _, r := range l.Videos[id].History {
			if _, ok := out[r.Key]; !ok {
				out[r.Key] = r
			}
		}
	}
	return out
}

// RenderedKeys lists the key of every finished render Renders indexes,
// unsorted and with repeats: cheaper than Renders when only the keys are
// wanted.
func (l *Lock) RenderedKeys() []string {
	keys := make([]string, 0, len(l.Videos))
	for _, e := range l.Videos {
		if e.State == Done {
			keys = append(keys, e.Key)
		}
		for _, r := range e.History {
			keys = append(keys, r.Key)
		}
	}
	return keys
}

// Render returns the entry's current render as a history record.
func (e *Entry) Render() Render {
	return Render{Key: e.Key, Provider: e.Provider, Job: e.Job, Output: e.Output, Size: e.Size, SHA256: e.SHA256, Duration: e.Duration, CostUSD: e.CostUSD}
}

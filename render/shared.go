package render

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"sort"
	"sync"
	"time"

	"github.com/reel-dev/reel/render/store"
)

// Shared is the store a project's clones and CI runners share, as one run
// uses it: outputs go there once verified and come from there first, a
// paid create is made under the render key's lease and intent, and a run
// that finds another machine's render follows it instead of paying.
//
// A store that cannot be reached, or refuses, is not asked again for the
// rest of the run: what is in flight goes on locally, what could not be
// written is listed (Missed) and the next run uploads it (CatchUp). A
// create that cannot take its lease is not sent, for without the lease
// another machine might pay for the same render. A nil *Shared is no
// store: every method then does what reel does alone.
type Shared struct {
	Store *store.Store
	// Holder names this clone in leases and records, so that a run tells
	// its own earlier intents from another machine's (HolderID).
	Holder string
	// TTL is a lease's life; it is renewed every third of it.
	TTL time.Duration

	mu     sync.Mutex
	down   error             // the first Unreachable or Refused error of the run
	missed map[string]string // video id → why the store lacks its render
	// damaged are the outputs the store holds whose bytes are not what
	// their name says: video id → the object and what is wrong with it
	damaged map[string]string
	keys    map[string]*sync.Mutex
	gets    chan struct{} // the outputs being fetched at once
}

// storeGets is how many outputs a run fetches from the store at once:
// beside a provider's few jobs, a store serves many readers, and a fresh
// runner restoring thousands of outputs is bound by round trips.
const storeGets = 16

// getSlot waits for a place among the store's fetches; it returns the
// function that gives it back.
func (sh *Shared) getSlot(ctx context.Context) (func(), error) {
	sh.mu.Lock()
	if sh.gets == nil {
		sh.gets = make(chan struct{}, storeGets)
	}
	gets := sh.gets
	sh.mu.Unlock()
	select {
	case gets <- struct{}{}:
		return func() { <-gets }, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// DefaultLeaseTTL is how long a lease lives unless renewed: long beside
// the clock skew between machines and a renewal's round trip, short
// enough that a machine that died holds nobody up for long.
const DefaultLeaseTTL = 2 * time.Minute

// NewShared is the run's side of the store s, for the clone holder.
func NewShared(s *store.Store, holder string, ttl time.Duration) *Shared {
	if ttl <= 0 {
		ttl = DefaultLeaseTTL
	}
	return &Shared{Store: s, Holder: holder, TTL: ttl}
}

// usable reports whether the store may be asked: there is one, and it has
// not failed this run.
func (sh *Shared) usable() bool {
	if sh == nil {
		return false
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.down == nil
}

// fault records a store error met for video id: the store is down for
// the rest of the run when it could not be reached or refused, and the
// video's render is not (fully) in the store.
func (sh *Shared) fault(id string, err error) {
	if sh == nil || err == nil {
		return
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if k := store.KindOf(err); (k == store.Unreachable || k == store.Refused) && sh.down == nil {
		sh.down = err
	}
	if id == "" {
		return
	}
	if sh.missed == nil {
		sh.missed = map[string]string{}
	}
	if _, ok := sh.missed[id]; !ok {
		sh.missed[id] = err.Error()
	}
}

// miss records that video id's render was not written to the store
// because the store was down already.
func (sh *Shared) miss(id string) {
	if sh == nil {
		return
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.missed == nil {
		sh.missed = map[string]string{}
	}
	if _, ok := sh.missed[id]; !ok {
		sh.missed[id] = "the store was not reachable"
	}
}

// Down is the error that put the store out of this run's reach, or nil.
func (sh *Shared) Down() error {
	if sh == nil {
		return nil
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return sh.down
}

// damage records that the store's copy of video id's output is damaged.
func (sh *Shared) damage(id string, err error) {
	sh.mu.Lock()
	defer sh.mu.Unlock()
	if sh.damaged == nil {
		sh.damaged = map[string]string{}
	}
	what := err.Error()
	var se *store.Error
	if errors.As(err, &se) && se.Err != nil {
		what = se.Name + ": " + se.Err.Error() // the object and what is wrong with it; the mending is the warning's
	}
	sh.damaged[id] = what
}

// Damaged is the store's damaged copies of outputs this run met, by video
// id: each is the object's name and what is wrong with it.
func (sh *Shared) Damaged() map[string]string {
	if sh == nil {
		return nil
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	return maps.Clone(sh.damaged)
}

// Missed lists the videos whose render this run could not write to the
// store, sorted: the next run uploads them.
func (sh *Shared) Missed() []string {
	if sh == nil {
		return nil
	}
	sh.mu.Lock()
	defer sh.mu.Unlock()
	ids := make([]string, 0, len(sh.missed))
	for id := range sh.missed {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	return ids
}

// keyLock serialises, within this run, the work of videos that share a
// render key: the second follows the first's render rather than taking
// the lease this clone already holds for it.
func (sh *Shared) keyLock(key string) func() {
	sh.mu.Lock()
	if sh.keys == nil {
		sh.keys = map[string]*sync.Mutex{}
	}
	m := sh.keys[key]
	if m == nil {
		m = &sync.Mutex{}
		sh.keys[key] = m
	}
	sh.mu.Unlock()
	m.Lock()
	return m.Unlock
}

// String is the store's URL, for messages.
func (sh *Shared) String() string {
	if sh == nil || sh.Store == nil {
		return "the store"
	}
	return sh.Store.String()
}

// StoreDownError is a paid create not sent because the store could not
// be asked for the render key's lease. Its message names the store and
// the kind of failure only; the run's warning gives the cause once.
type StoreDownError struct {
	Store string
	Err   error
}

func (e *StoreDownError) Error() string {
	why := "could not be asked"
	if k := store.KindOf(e.Err); k != 0 {
		why = k.Error()
	}
	return fmt.Sprintf("not created: %s: %s, and without this render's lease another machine might pay for it too: run reel render again once the store answers (or with --offline to render on this clone's reel.lock alone)", e.Store, why)
}

func (e *StoreDownError) Unwrap() error { return e.Err }

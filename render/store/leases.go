package store

import (
	"context"
	"encoding/json"
	"fmt"
	"time"
)

// Lease is a machine's claim on a render key: "I am creating this". It is
// the object leases/<key>, created by a conditional write that only one
// machine can win, renewed by a write over its own version, and free once
// its expiry has passed by the reader's clock (so keep the TTL well above
// the clock skew between machines).
type Lease struct {
	Key string
	LeaseInfo
	version string
}

// LeaseInfo is what a lease says: who holds it and until when.
type LeaseInfo struct {
	Holder   string    `json:"holder"`
	Acquired time.Time `json:"acquired"`
	Expires  time.Time `json:"expires"`
	Released bool      `json:"released,omitempty"`
}

// Live says whether the lease still holds at now.
func (l LeaseInfo) Live(now time.Time) bool { return !l.Released && now.Before(l.Expires) }

// HeldError is the answer to Acquire when another machine holds a live
// lease: who, and until when. errors.Is(err, Held) is true of it.
type HeldError struct {
	Key   string
	Lease LeaseInfo
}

func (e *HeldError) Error() string {
	return fmt.Sprintf("store: lease on %s is held by %s until %s: wait for its record or for the lease to expire",
		e.Key, e.Lease.Holder, e.Lease.Expires.UTC().Format(time.RFC3339))
}

// Is makes errors.Is(err, Held) true.
func (e *HeldError) Is(target error) bool { return target == Held }

type leaseWire struct {
	LeaseInfo
	Nonce string `json:"nonce"`
}

// Acquire takes the lease on key for holder until ttl from now. The lease
// is created by If-None-Match: *; a lease that has expired or been
// released is taken over by If-Match on its version, so of two machines
// taking over the same lease only one wins. A live lease of another
// holder is a *HeldError.
func (s *Store) Acquire(ctx context.Context, key, holder string, ttl time.Duration) (*Lease, error) {
	const op = "acquire lease"
	if err := checkHex(op, "render key", key); err != nil {
		return nil, err
	}
	now := s.clock.Now()
	l := &Lease{Key: key, LeaseInfo: LeaseInfo{Holder: holder, Acquired: now, Expires: now.Add(ttl)}}
	err := s.writeLease(ctx, l, Cond{IfNoneMatch: true})
	if KindOf(err) != Conflict {
		return okLease(l, op, err)
	}
	cur, ver, err := s.readLease(ctx, key)
	if KindOf(err) == NotFound {
		return nil, &Error{Op: op, Name: leaseName(key), Kind: Conflict, Err: fmt.Errorf("the lease changed while it was read: try again")}
	}
	if err != nil {
		return nil, rewrap(op, err)
	}
	if cur.Live(now) {
		return nil, &HeldError{Key: key, Lease: cur}
	}
	err = s.writeLease(ctx, l, Cond{IfMatch: ver})
	if KindOf(err) == Conflict {
		return nil, s.heldNow(ctx, op, key)
	}
	return okLease(l, op, err)
}

func okLease(l *Lease, op string, err error) (*Lease, error) {
	if err != nil {
		return nil, rewrap(op, err)
	}
	return l, nil
}

// heldNow is the HeldError for a lease another machine just took.
func (s *Store) heldNow(ctx context.Context, op, key string) error {
	cur, _, err := s.readLease(ctx, key)
	if err != nil {
		return rewrap(op, err)
	}
	return &HeldError{Key: key, Lease: cur}
}

// Renew extends a held lease to ttl from now, by a write over its own
// version. Lost if another machine took it over (or it was released).
func (s *Store) Renew(ctx context.Context, l *Lease, ttl time.Duration) error {
	next := *l
	next.Expires = s.clock.Now().Add(ttl)
	err := s.writeLease(ctx, &next, Cond{IfMatch: l.version})
	if KindOf(err) == Conflict {
		return &Error{Op: "renew lease", Name: leaseName(l.Key), Kind: Lost, Err: fmt.Errorf("another machine took it over after it expired")}
	}
	if err != nil {
		return rewrap("renew lease", err)
	}
	*l = next
	return nil
}

// Release gives a lease up, marking it released by a write over its own
// version (a delete could remove a lease another machine had just taken
// over). Releasing a lease that was lost is Lost.
func (s *Store) Release(ctx context.Context, l *Lease) error {
	next := *l
	next.Released = true
	err := s.writeLease(ctx, &next, Cond{IfMatch: l.version})
	if KindOf(err) == Conflict {
		return &Error{Op: "release lease", Name: leaseName(l.Key), Kind: Lost, Err: fmt.Errorf("another machine took it over after it expired")}
	}
	if err != nil {
		return rewrap("release lease", err)
	}
	*l = next
	return nil
}

// ReadLease tells what the lease on key says; NotFound if there is none.
func (s *Store) ReadLease(ctx context.Context, key string) (LeaseInfo, error) {
	if err := checkHex("read lease", "render key", key); err != nil {
		return LeaseInfo{}, err
	}
	info, _, err := s.readLease(ctx, key)
	return info, rewrap("read lease", err)
}

func (s *Store) readLease(ctx context.Context, key string) (LeaseInfo, string, error) {
	name := leaseName(key)
	data, ver, err := s.b.ReadSmall(ctx, name, maxSmall)
	if err != nil {
		return LeaseInfo{}, "", err
	}
	var w leaseWire
	if err := json.Unmarshal(data, &w); err != nil || w.Holder == "" {
		return LeaseInfo{}, "", &Error{Op: "read lease", Name: name, Kind: Corrupt, Err: fmt.Errorf("not a lease")}
	}
	return w.LeaseInfo, ver, nil
}

// writeLease writes l under cond and keeps the new version in l.
func (s *Store) writeLease(ctx context.Context, l *Lease, cond Cond) error {
	data, err := json.Marshal(leaseWire{LeaseInfo: l.LeaseInfo, Nonce: nonce()})
	if err != nil {
		return &Error{Op: "write lease", Kind: Invalid, Err: err}
	}
	ver, err := s.writeCond(ctx, leaseName(l.Key), data, cond)
	if err != nil {
		return err
	}
	l.version = ver
	return nil
}

package store

import (
	"context"
	"errors"
)

// Intend records that holder is about to send the create for key: a
// Creating record, written only if the key has no record or its record
// says Failed, by a conditional write that one machine alone can win. It
// returns the record and whether holder won. A holder that did not win
// must not create: the record it gets back says what to do instead (poll
// its Job, fetch its Output, or wait while another machine is Creating).
//
// The record, not the lease, is what makes the create single: a lease
// can expire while its holder is still in the create call, and the
// machine that takes it over finds the Creating record and waits.
func (s *Store) Intend(ctx context.Context, key, holder, provider string) (*Record, bool, error) {
	rec, err := s.GetRecord(ctx, key)
	switch {
	case errors.Is(err, NotFound):
		rec = &Record{Key: key}
	case err != nil:
		return nil, false, err
	case rec.State != Failed:
		return rec, false, nil
	}
	mine := &Record{Key: key, State: Creating, Provider: provider, Holder: holder, Time: s.clock.Now(), Version: rec.Version}
	err = s.PutRecord(ctx, mine)
	if errors.Is(err, Conflict) {
		now, gerr := s.GetRecord(ctx, key)
		return now, false, gerr
	}
	if err != nil {
		return nil, false, err
	}
	return mine, true, nil
}

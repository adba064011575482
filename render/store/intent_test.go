package store_test

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/store"
)

// TestLeaseLostWhileCreatingDoesNotPayTwice: a's lease expires while a is
// still in the create call; b takes the lease over, finds a's intent and
// does not create; a records the job, which b then polls.
func TestLeaseLostWhileCreatingDoesNotPayTwice(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, clk *fakeClock) {
		ctx := context.Background()
		key := hexKey(30)
		la, err := s.Acquire(ctx, key, "a", time.Minute)
		must(t, err)
		recA, won, err := s.Intend(ctx, key, "a", "heygen")
		must(t, err)
		if !won {
			t.Fatal("a, alone, did not win the intent")
		}
		clk.Add(2 * time.Minute) // a's create call hangs past its lease
		_, err = s.Acquire(ctx, key, "b", time.Minute)
		must(t, err)
		recB, won, err := s.Intend(ctx, key, "b", "heygen")
		must(t, err)
		if won || recB.State != store.Creating || recB.Holder != "a" {
			t.Fatalf("b: won=%v record %+v, want a's intent and no create", won, recB)
		}
		recA.State, recA.Job = store.Submitted, "job-a" // a's create returns
		must(t, s.PutRecord(ctx, recA))
		wantKind(t, s.Renew(ctx, la, time.Minute), store.Lost)
		now, err := s.GetRecord(ctx, key)
		must(t, err)
		if now.Job != "job-a" {
			t.Fatalf("b reads %+v, want a's job to poll", now)
		}
	})
}

// TestIntendRaceCreatesOnce: machines whose leases keep expiring all try
// to create one key: exactly one create, and after a Failed record
// exactly one more.
func TestIntendRaceCreatesOnce(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, clk *fakeClock) {
		ctx := context.Background()
		key := hexKey(31)
		for round := 1; round <= 2; round++ {
			var creates atomic.Int32
			var wg sync.WaitGroup
			for i := range 12 {
				wg.Add(1)
				go func() {
					defer wg.Done()
					holder := fmt.Sprintf("m%d", i)
					if _, err := s.Acquire(ctx, key, holder, time.Second); err != nil && !errors.Is(err, store.Held) {
						t.Error(err)
					}
					clk.Add(2 * time.Second) // every lease expires at once
					rec, won, err := s.Intend(ctx, key, holder, "fal")
					if err != nil {
						t.Error(err)
						return
					}
					if won {
						creates.Add(1)
						return
					}
					if rec.State != store.Creating || rec.Holder == holder {
						t.Errorf("%s lost to %+v", holder, rec)
					}
				}()
			}
			wg.Wait()
			if n := creates.Load(); n != 1 {
				t.Fatalf("round %d: %d creates, want 1", round, n)
			}
			rec, err := s.GetRecord(ctx, key)
			must(t, err)
			rec.State = store.Failed // the provider failed the job: one new create may go
			must(t, s.PutRecord(ctx, rec))
		}
	})
}

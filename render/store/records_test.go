package store_test

import (
	"context"
	"errors"
	"strconv"
	"sync"
	"testing"

	"github.com/reel-dev/reel/render/store"
)

func TestRecordCreateAndCompareAndSwap(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, clk *fakeClock) {
		ctx := context.Background()
		key := hexKey(10)
		_, err := s.GetRecord(ctx, key)
		wantKind(t, err, store.NotFound)
		a := &store.Record{Key: key, State: store.Creating, Provider: "heygen", Holder: "a", Time: clk.Now()}
		must(t, s.PutRecord(ctx, a))
		b := &store.Record{Key: key, State: store.Creating, Provider: "heygen", Holder: "b", Time: clk.Now()}
		wantKind(t, s.PutRecord(ctx, b), store.Conflict) // a second intent loses

		got, err := s.GetRecord(ctx, key)
		must(t, err)
		if got.Holder != "a" || got.State != store.Creating || got.Version != a.Version {
			t.Fatalf("record = %+v, want a's intent", got)
		}
		got.State, got.Job = store.Submitted, "job-1"
		must(t, s.PutRecord(ctx, got))
		a.State, a.Job = store.Failed, "" // a writes over a version that is gone
		wantKind(t, s.PutRecord(ctx, a), store.Conflict)
		final, err := s.GetRecord(ctx, key)
		must(t, err)
		if final.Job != "job-1" || final.State != store.Submitted {
			t.Fatalf("record = %+v, want the job id kept", final)
		}
	})
}

// TestRecordCASLosesNoUpdate has writers each add to a counter in one
// record by read, change and compare-and-swap: every addition must count.
func TestRecordCASLosesNoUpdate(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, clk *fakeClock) {
		ctx := context.Background()
		key := hexKey(11)
		must(t, s.PutRecord(ctx, &store.Record{Key: key, State: store.Submitted, Job: "0", Time: clk.Now()}))
		const writers, adds = 6, 8
		var wg sync.WaitGroup
		for range writers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for range adds {
					if err := addOne(ctx, s, key); err != nil {
						t.Error(err)
						return
					}
				}
			}()
		}
		wg.Wait()
		rec, err := s.GetRecord(ctx, key)
		must(t, err)
		if rec.Job != strconv.Itoa(writers*adds) {
			t.Fatalf("counter = %s, want %d: an update was lost", rec.Job, writers*adds)
		}
	})
}

func addOne(ctx context.Context, s *store.Store, key string) error {
	for {
		rec, err := s.GetRecord(ctx, key)
		if err != nil {
			return err
		}
		n, _ := strconv.Atoi(rec.Job)
		rec.Job = strconv.Itoa(n + 1)
		err = s.PutRecord(ctx, rec)
		if !errors.Is(err, store.Conflict) {
			return err
		}
	}
}

func TestListRenderedFindsDoneKeysWithoutTheirRecords(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, clk *fakeClock) {
		ctx := context.Background()
		var keys []string
		for i := range 50 {
			key := hexKey(100 + i)
			keys = append(keys, key)
			rec := &store.Record{Key: key, State: store.Submitted, Job: "j", Time: clk.Now()}
			if i%3 == 0 {
				rec.State, rec.Output = store.Done, &store.Output{SHA256: sha(key), Size: int64(i + 1)}
			}
			must(t, s.PutRecord(ctx, rec))
		}
		for _, ask := range [][]string{keys, keys[:5]} {
			got, err := s.ListRendered(ctx, ask)
			must(t, err)
			for i, key := range ask {
				out, ok := got[key]
				if ok != (i%3 == 0) {
					t.Fatalf("asking %d: key %d rendered=%v", len(ask), i, ok)
				}
				if ok && (out.SHA256 != sha(key) || out.Size != int64(i+1)) {
					t.Fatalf("key %d: output %+v", i, out)
				}
			}
		}
	})
}

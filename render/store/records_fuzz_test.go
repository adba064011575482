package store_test

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/internal/fuzzfs"
	"github.com/reel-dev/reel/render/store"
)

// FuzzStoredRecord: whatever a teammate's store holds as a render key's
// record or lease (another reel's, an older or newer one's, a hand
// edit), reel reads the key's own record or refuses it as Corrupt,
// naming the object and what to do; and it takes the key's intent to
// create only over a record that says Failed: any other record is
// another machine's render, never paid for twice.
func FuzzStoredRecord(f *testing.F) {
	dir := fuzzfs.Root(f)
	b, err := store.NewFileBackend(dir)
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	clk := &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
	s := store.New(b, store.Options{Clock: clk})
	key := hexKey(1)
	for _, rec := range []store.Record{
		{Key: key, State: store.Creating, Provider: "heygen", Holder: "a", Time: clk.Now()},
		{Key: key, State: store.Submitted, Provider: "fal", Job: "job-1", Holder: "a", Time: clk.Now()},
		{Key: key, State: store.Done, Provider: "heygen", Job: "j", Output: &store.Output{SHA256: sha("mp4"), Size: 9}, Duration: 4.5, CostUSD: 0.5},
		{Key: key, State: store.Failed, Provider: "gmi", Job: "j"},
	} {
		must(f, s.PutRecord(ctx, &rec))
		data, err := os.ReadFile(filepath.Join(dir, "records", key+".json"))
		must(f, err)
		f.Add(data)
		os.Remove(filepath.Join(dir, "records", key+".json"))
	}
	l, err := s.Acquire(ctx, key, "a", time.Minute)
	must(f, err)
	lease, err := os.ReadFile(filepath.Join(dir, "leases", key))
	must(f, err)
	f.Add(lease)
	must(f, s.Release(ctx, l))
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzfs.Plant(t, filepath.Join(dir, "records", key+".json"), data)
		fuzzfs.Plant(t, filepath.Join(dir, "leases", key), data)
		rec, err := s.GetRecord(ctx, key)
		readOrCorrupt(t, err, "records/"+key+".json")
		if err == nil && rec.Key != key {
			t.Fatalf("the record of %s read as %s's", key, rec.Key)
		}
		info, lerr := s.ReadLease(ctx, key)
		readOrCorrupt(t, lerr, "leases/"+key)
		if lerr == nil && info.Holder == "" {
			t.Fatal("a lease without a holder read")
		}
		if err != nil {
			return
		}
		got, won, err := s.Intend(ctx, key, "me", "heygen")
		switch {
		case err != nil:
			t.Fatalf("intent over a record that reads: %v", err)
		case won != (rec.State == store.Failed):
			t.Fatalf("intent taken %v over a %q record", won, rec.State)
		case !won && (got.State != rec.State || got.Job != rec.Job || got.Holder != rec.Holder):
			t.Fatalf("intent lost to %+v, the record is %+v", got, rec)
		}
	})
}

// readOrCorrupt fails t unless err is nil or a Corrupt store error that
// names the object and says what to do.
func readOrCorrupt(t *testing.T, err error, name string) {
	if err == nil {
		return
	}
	if !errors.Is(err, store.Corrupt) || !strings.Contains(err.Error(), name) || !strings.Contains(err.Error(), "remove it") {
		t.Fatalf("not read, nor Corrupt with its name and a fix: %v", err)
	}
}

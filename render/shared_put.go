package render

import (
	"context"
	"errors"
	"os"

	"github.com/reel-dev/reel/render/store"
)

// done is a verified render as the store keeps it.
type done struct {
	ID, Key, Provider, Job string
	Output                 Fetched
	Path                   string // the verified file
	Duration, CostUSD      float64
}

// put writes a verified render to the store: its output by content hash,
// then the key's record, Done, naming the job and the output. It is called
// after reel.lock records the render, so a run killed in between leaves
// the store behind the lock, which the next run's CatchUp mends; a failure
// is noted (Missed), never the video's.
func (sh *Shared) put(ctx context.Context, d done) {
	if sh == nil {
		return
	}
	if !sh.usable() {
		sh.miss(d.ID)
		return
	}
	if err := sh.putOutput(ctx, d); err != nil {
		sh.fault(d.ID, err)
		return
	}
	_, err := sh.putDone(ctx, d)
	sh.fault(d.ID, err)
}

func (sh *Shared) putOutput(ctx context.Context, d done) error {
	f, err := os.Open(d.Path)
	if err != nil {
		return err
	}
	defer f.Close()
	return sh.Store.PutOutput(ctx, d.Output.SHA256, f, d.Output.Size)
}

// putDone makes the key's record say Done with d's output, by a
// conditional write over what the record says now, read again when
// another machine wrote first; it reports whether it wrote. A record
// already Done with an output is left as it is: that output is as good a
// render of the key.
func (sh *Shared) putDone(ctx context.Context, d done) (bool, error) {
	for range 5 {
		rec, err := sh.Store.GetRecord(ctx, d.Key)
		switch {
		case errors.Is(err, store.NotFound):
			rec = &store.Record{Key: d.Key}
		case err != nil:
			return false, err
		case rec.State == store.Done && rec.Output != nil:
			return false, nil
		}
		next := *rec
		next.State, next.Provider, next.Job, next.Holder = store.Done, d.Provider, d.Job, sh.Holder
		next.Output = &store.Output{SHA256: d.Output.SHA256, Size: d.Output.Size}
		next.Duration, next.CostUSD = d.Duration, d.CostUSD
		next.Time = timeNow()
		err = sh.Store.PutRecord(ctx, &next)
		if !errors.Is(err, store.Conflict) {
			return err == nil, err
		}
	}
	return false, &store.Error{Op: "put record", Kind: store.Conflict, Err: errors.New("other machines kept writing it")}
}

package render

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/reel-dev/reel/render/mediacheck"
	"github.com/reel-dev/reel/render/store"
)

// get writes the stored output o to out, verified as a download from a
// provider is (its structure checked as it streams, its size and SHA-256
// those o names), through a temporary file renamed into place: an output
// from the store is never taken on trust, and a bad one leaves out as it
// was.
func (sh *Shared) get(ctx context.Context, o store.Output, out string, webm bool) (Fetched, error) {
	want := Fetched{Size: o.Size, SHA256: o.SHA256}
	err := intoPlace(out, func(tmp *os.File) error {
		check := mediacheck.New(container(webm))
		n, err := sh.Store.GetOutput(ctx, o.SHA256, &capped{w: io.MultiWriter(check, tmp), want: want})
		if err == nil && n != o.Size {
			err = &store.Error{Op: "get output", Kind: store.Corrupt, Err: fmt.Errorf("%d bytes, not the %d recorded", n, o.Size)}
		}
		if err == nil {
			err = check.Finish(n)
		}
		return err
	})
	if err != nil {
		return Fetched{}, err
	}
	return want, nil
}

// fromStore fetches the stored output o of video id to out, and reports
// whether it did. A store that lacks it, or fails, is a fault to note and
// a reason to ask the provider instead, never the video's failure.
func (sh *Shared) fromStore(ctx context.Context, id string, o store.Output, out string, webm bool) (Fetched, bool) {
	if !sh.usable() || o.SHA256 == "" {
		return Fetched{}, false
	}
	release, err := sh.getSlot(ctx)
	if err != nil {
		return Fetched{}, false
	}
	got, err := sh.get(ctx, o, out, webm)
	release()
	if err != nil {
		switch {
		case ctx.Err() != nil, store.KindOf(err) == store.NotFound:
		case store.KindOf(err) == store.Corrupt:
			sh.damage(id, err) // told at the end: a teammate's store needs mending
		default:
			sh.fault("", err)
		}
		return Fetched{}, false
	}
	return got, true
}

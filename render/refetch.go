package render

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"path"
	"sort"
	"strings"
	"sync"

	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider"
)

// Recorded is a finished render that reel.lock records for a video: what
// reel fetch downloads again when its output is missing.
type Recorded = lock.Recorded

// FetchResult is how a fetch ended, per video.
type FetchResult struct {
	Done    []string
	Failed  map[string]error
	Stopped map[string]error // by a Ctrl-C; nothing was written for them
}

// Fetch downloads again the output of each recorded render, from the
// provider and job the lock names, at most Limits(provider) at once per
// provider. It sends no create and writes nothing to reel.lock: an output
// takes its place only once it is verified to be the very file recorded
// (its size and SHA-256), so what comes back is what was paid for, whatever
// the manifests or --provider say now.
func (r *Runner) Fetch(ctx context.Context, recs []Recorded) FetchResult {
	res := FetchResult{Failed: map[string]error{}, Stopped: map[string]error{}}
	var mu sync.Mutex
	var wg sync.WaitGroup
	gates := map[string]*gate{}
	for _, rec := range recs {
		vendor, _, _ := strings.Cut(rec.Provider, "/")
		if gates[vendor] == nil {
			gates[vendor] = newGate(r.limit(vendor))
		}
		g := gates[vendor]
		wg.Go(func() {
			stored, err := r.refetchStored(ctx, rec) // needs no place at the provider
			if !stored {
				var sl *slot
				if sl, err = g.acquire(ctx); err == nil {
					err = r.refetch(ctx, rec)
					sl.release()
				}
			}
			mu.Lock()
			defer mu.Unlock()
			switch {
			case err != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()):
				res.Stopped[rec.ID] = err
				r.event(rec.ID, "stopped", err.Error())
			case err != nil:
				res.Failed[rec.ID] = err
				r.event(rec.ID, "failed", err.Error())
			default:
				res.Done = append(res.Done, rec.ID)
				r.event(rec.ID, "done", rec.Output)
			}
		})
	}
	wg.Wait()
	sort.Strings(res.Done)
	return res
}

// refetch downloads one recorded render's output and its sidecars. An
// expired media URL is refreshed by asking for the result again.
func (r *Runner) refetch(ctx context.Context, rec Recorded) error {
	out, err := lock.OutputPath(r.Project.OutputDir, rec.Output)
	if err != nil {
		return err
	}
	prov, err := r.Open(rec.Provider)
	if err != nil {
		return err
	}
	var media provider.Media
	for try := 0; try < 3; try++ {
		media, err = prov.Result(ctx, rec.Job)
		if err != nil {
			return resultError(rec, prov.Name(), err)
		}
		r.event(rec.ID, "download", rec.Output)
		err = r.fetchRecorded(ctx, media, out, rec)
		if err == nil || !provider.Expired(err) {
			break
		}
	}
	var other *MismatchError
	switch {
	case errors.As(err, &other):
		return fmt.Errorf("job %s at %s: %w; not saved, and reel.lock is unchanged: `reel render --force %s` renders it again (paid)", rec.Job, prov.Name(), err, rec.ID)
	case err != nil:
		return fmt.Errorf("download of job %s at %s: %w (nothing saved: run reel fetch again)", rec.Job, prov.Name(), err)
	}
	return r.fetchSidecars(ctx, rec, media, out)
}

// fetchRecorded downloads the recorded file from the first of the job's
// videos that is it. The lock does not say whether a render burned its
// captions in, but the provider offers a captioned video only when they
// were asked for, and the render kept it then: so the captioned video is
// tried first, the plain one next, and the SHA-256 decides.
func (r *Runner) fetchRecorded(ctx context.Context, media provider.Media, out string, rec Recorded) error {
	want := Fetched{Size: rec.Size, SHA256: rec.SHA256}
	webm := strings.EqualFold(path.Ext(rec.Output), ".webm")
	var err error
	for _, url := range []string{media.CaptionedVideoURL, media.VideoURL} {
		if url == "" {
			continue
		}
		if _, err = fetchAs(ctx, r.Media, url, out, webm, want); err == nil {
			return nil
		}
		var other *MismatchError
		if !errors.As(err, &other) {
			return err
		}
	}
	if err == nil {
		err = fmt.Errorf("the provider reports job %s completed without a video", rec.Job)
	}
	return err
}

// fetchSidecars fetches the caption file of a render whose captions were
// not burned in (the provider offers no captioned video), as reel render
// keeps a sidecar, and the thumbnail, which is a convenience: a failed one
// is reported and the video stays.
func (r *Runner) fetchSidecars(ctx context.Context, rec Recorded, media provider.Media, out string) error {
	if media.SubtitleURL != "" && media.CaptionedVideoURL == "" {
		if err := fetchSidecar(ctx, r.Media, media.SubtitleURL, out, CaptionExts); err != nil {
			return fmt.Errorf("captions of job %s: %w (the video is saved: run reel fetch again for them)", rec.Job, err)
		}
	}
	if media.ThumbnailURL != "" {
		if err := fetchSidecar(ctx, r.Media, media.ThumbnailURL, out, ThumbnailExts); err != nil {
			r.event(rec.ID, "warning", "thumbnail not saved: "+err.Error())
		}
	}
	return nil
}

// resultError says why the provider gave no media for a recorded job.
func resultError(rec Recorded, name string, err error) error {
	if provider.StatusOf(err) == http.StatusNotFound {
		return fmt.Errorf("%s no longer knows job %s (%w): it may have been deleted or expired there; `reel render --force %s` renders it again (paid)", name, rec.Job, err, rec.ID)
	}
	return fmt.Errorf("result of job %s at %s: %w", rec.Job, name, err)
}

package heygen

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// maxBulk is how many ids GET /v3/videos/statuses takes at once.
const maxBulk = 100

// Status reports on jobs in the order asked. v3 asks GET /v3/videos/{id}
// for one job (its answer carries the media) and the bulk statuses call
// for several; v2 and Avatar IV ask the v1 status call per job. A job
// HeyGen does not know is provider.NotFound.
func (c *Client) Status(ctx context.Context, ids ...string) ([]provider.Status, error) {
	if c.api == V3 && len(ids) > 1 {
		return c.bulk(ctx, ids)
	}
	return provider.EachStatus(ctx, ids, c.one)
}

// Result reads the job again, so its media URLs are freshly signed (HeyGen
// regenerates them on every status call).
func (c *Client) Result(ctx context.Context, id string) (provider.Media, error) {
	st, err := c.one(ctx, id)
	if err != nil {
		return provider.Media{}, err
	}
	switch {
	case st.State == provider.Failed:
		return provider.Media{}, fmt.Errorf("%s video %s: %w", c.Name(), id, st.Err)
	case st.State != provider.Completed:
		return provider.Media{}, fmt.Errorf("%s video %s is %s: %w", c.Name(), id, st.State, provider.ErrNotReady)
	case st.Media == nil:
		return provider.Media{}, fmt.Errorf("%s video %s: %w", c.Name(), id,
			&provider.JobError{Code: "no_output", Message: "HeyGen reported the video completed without a video_url"})
	}
	return *st.Media, nil
}

// one reads a single job with its media.
func (c *Client) one(ctx context.Context, id string) (provider.Status, error) {
	if c.api == V3 {
		var out struct {
			Data *v3Video `json:"data"`
		}
		r := provider.Request{Op: "get video", Path: "v3/videos/" + url.PathEscape(id)}
		if err := c.http.JSON(ctx, r, &out); err != nil {
			return provider.Status{}, err
		}
		if out.Data == nil {
			return provider.Status{}, c.http.Unusable(r, http.StatusOK, fmt.Errorf("the answer has no data"))
		}
		return c.v3Status(id, *out.Data), nil
	}
	var out v1Envelope[v1Video]
	r := provider.Request{Op: "get video status", Path: "v1/video_status.get", Query: url.Values{"video_id": {id}}}
	if err := c.http.JSON(ctx, r, &out); err != nil {
		return provider.Status{}, err
	}
	if out.failed() || out.Data == nil {
		return provider.Status{}, c.refused(c.http, r, http.StatusOK, string(out.Code), out.message())
	}
	return c.v1Status(id, *out.Data), nil
}

func (c *Client) v3Status(id string, v v3Video) provider.Status {
	st := c.word(id, v.Status)
	switch {
	case st.Err != nil:
	case st.State == provider.Failed:
		st.Err = c.failure(string(v.FailureCode), string(v.FailureMessage))
	case st.State == provider.Completed:
		if v.VideoURL != "" {
			st.Media = &provider.Media{VideoURL: v.VideoURL, CaptionedVideoURL: v.CaptionedVideoURL,
				SubtitleURL: v.SubtitleURL, ThumbnailURL: v.ThumbnailURL, Duration: deref(v.Duration)}
		}
	}
	return st
}

// v1Status maps the v1 answer. A completed video that also carries an
// error (a free plan's watermark for want of credits, users report) is
// still completed: there is a video to download.
func (c *Client) v1Status(id string, v v1Video) provider.Status {
	st := c.word(id, v.Status)
	switch {
	case st.Err != nil:
	case st.State == provider.Failed:
		e := jobError(v.Error)
		if e == nil {
			e = &provider.JobError{}
		}
		st.Err = c.failure(e.Code, e.Message)
	case st.State == provider.Completed:
		if v.VideoURL != "" {
			st.Media = &provider.Media{VideoURL: v.VideoURL, CaptionedVideoURL: v.VideoURLCaption,
				SubtitleURL: v.CaptionURL, ThumbnailURL: v.ThumbnailURL, Duration: deref(v.Duration)}
		}
		if e := jobError(v.Error); e != nil {
			st.Detail = "completed with a warning: " + c.scrub(e.Error())
		}
	}
	return st
}

func (c *Client) failure(code, msg string) *provider.JobError {
	if msg == "" {
		msg = "HeyGen reported the video failed without a reason"
	}
	return noCredits.Failed(&provider.JobError{Code: c.scrub(code), Message: c.scrub(msg)})
}

// bulk asks GET /v3/videos/statuses in chunks of maxBulk; an id missing
// from the answer is not found.
func (c *Client) bulk(ctx context.Context, ids []string) ([]provider.Status, error) {
	got := map[string]provider.Status{}
	for from := 0; from < len(ids); from += maxBulk {
		chunk := ids[from:min(from+maxBulk, len(ids))]
		var out struct {
			Data []v3Item `json:"data"`
		}
		r := provider.Request{Op: "get video statuses", Path: "v3/videos/statuses", Query: url.Values{"video_ids": {strings.Join(chunk, ",")}}}
		if err := c.http.JSON(ctx, r, &out); err != nil {
			return nil, err
		}
		for _, it := range out.Data {
			st := c.word(it.VideoID, it.Status)
			if st.State == provider.Failed && st.Err == nil {
				e := jobError(it.Error)
				if e == nil {
					e = &provider.JobError{}
				}
				st.Err = c.failure(e.Code, e.Message)
			}
			got[it.VideoID] = st
		}
	}
	out := make([]provider.Status, len(ids))
	for i, id := range ids {
		st, ok := got[id]
		if !ok {
			st = provider.Status{JobID: id, State: provider.NotFound}
		}
		out[i] = st
	}
	return out, nil
}

func deref(f *float64) float64 {
	if f == nil {
		return 0
	}
	return *f
}

// word maps a status word: every word any API documents is read as
// provider.StatusWord says (GMI Cloud and fal wrap HeyGen's model, and
// report their own words for it); a cancelled job carries its failure; a
// word none documents keeps the job processing, named, so a new status
// never ends a job early. The word is text from the network, shown to the
// user: it is scrubbed.
func (c *Client) word(id, word string) provider.Status {
	s, cancelled, ok := provider.StatusWord(word)
	if !ok {
		return provider.Unrecognised(id, c.scrub(word))
	}
	st := provider.Status{JobID: id, State: s}
	if cancelled {
		st.Err = provider.Cancelled("HeyGen", c.scrub(word))
	}
	return st
}

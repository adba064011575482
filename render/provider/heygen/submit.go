package heygen

import (
	"context"
	"errors"
	"net/http"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// idempotencyKey derives v3's Idempotency-Key from the render key, so a
// create re-sent after a lost answer, by this process or a rerun, is
// replayed by HeyGen (within 24 h) instead of paid again.
func idempotencyKey(renderKey string) string {
	if renderKey == "" {
		return ""
	}
	return "reel-" + renderKey[:min(32, len(renderKey))]
}

// replayedHeader marks a v3 answer that replays an earlier create with
// the same Idempotency-Key. HeyGen documents no such marker; this is the
// convention of Stripe and other APIs with idempotency keys, which the
// fake sends. An answer without it counts as a new, charged job.
const replayedHeader = "Idempotent-Replayed"

// Submit creates the video. On v3 it carries an Idempotency-Key, which is
// what lets the HTTP core re-send it after a 5xx or a lost answer. v2 and
// Avatar IV have no such key: the core never re-sends those, and an error
// for which provider.Uncertain is true means a paid video may exist. A
// create refused for want of credit is a *provider.NoCreditsError.
func (c *Client) Submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	job, err := c.submit(ctx, s)
	return job, noCredits.Refusal(err)
}

func (c *Client) submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	r := provider.Request{Method: http.MethodPost, Body: s.Body, ContentType: "application/json"}
	switch c.api {
	case V3:
		r.Op, r.Path = "create video", "v3/videos"
		if k := idempotencyKey(s.Key); k != "" {
			r.Header = http.Header{"Idempotency-Key": {k}}
		}
	case V2:
		r.Op, r.Path = "generate video", "v2/video/generate"
	default:
		r.Op, r.Path = "generate Avatar IV video", "v2/video/av4/generate"
	}
	resp, err := c.http.Do(ctx, r)
	if err != nil {
		return provider.Job{}, err
	}
	status := resp.StatusCode
	replayed := r.Header.Get("Idempotency-Key") != "" && strings.EqualFold(resp.Header.Get(replayedHeader), "true") && !provider.Resent(resp)
	var out v2Envelope[struct {
		VideoID string `json:"video_id"`
	}]
	if err := c.http.Decode(resp, r, &out); err != nil {
		return provider.Job{}, err
	}
	if e := jobError(out.Error); e != nil {
		return provider.Job{}, c.refused(c.http, r, status, e.Code, e.Message)
	}
	if out.Data == nil || out.Data.VideoID == "" {
		return provider.Job{}, c.http.Unusable(r, status, errors.New("the answer has no data.video_id"))
	}
	return provider.Job{ID: out.Data.VideoID, Replayed: replayed}, nil
}

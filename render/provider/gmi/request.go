package gmi

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"

	"github.com/reel-dev/reel/render/provider"
)

// Submit enqueues the payload for the configured model. GMI has no
// idempotency key, so the core never re-sends it after a 5xx or a lost
// answer; such an error is provider.Uncertain and a paid request may
// exist. A create refused for want of credit is a
// *provider.NoCreditsError.
func (c *Client) Submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	job, err := c.submit(ctx, s)
	return job, noCredits.Refusal(err)
}

func (c *Client) submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	r := provider.Request{
		Op:     "create request " + c.model,
		Method: http.MethodPost,
		Path:   "requests",
		JSON: struct {
			Model   string          `json:"model"`
			Payload json.RawMessage `json:"payload"`
		}{c.model, s.Body},
	}
	resp, err := c.http.Do(ctx, r)
	if err != nil {
		return provider.Job{}, err
	}
	status := resp.StatusCode
	var out struct {
		RequestID string `json:"request_id"`
	}
	if err := c.http.Decode(resp, r, &out); err != nil {
		return provider.Job{}, err
	}
	if out.RequestID == "" {
		return provider.Job{}, c.http.Unusable(r, status, errors.New("the answer has no request_id"))
	}
	return provider.Job{ID: out.RequestID}, nil
}

// Status asks about each request in turn: GMI has no bulk status call. A
// request GMI does not know (404) is provider.NotFound.
func (c *Client) Status(ctx context.Context, ids ...string) ([]provider.Status, error) {
	return provider.EachStatus(ctx, ids, c.request)
}

// Result reads the request again, so its media URL is fresh.
func (c *Client) Result(ctx context.Context, id string) (provider.Media, error) {
	st, err := c.request(ctx, id)
	if err != nil {
		return provider.Media{}, err
	}
	switch st.State {
	case provider.Completed:
		return *st.Media, nil
	case provider.Failed:
		return provider.Media{}, fmt.Errorf("%s request %s: %w", Name, id, st.Err)
	}
	return provider.Media{}, fmt.Errorf("%s request %s is %s: %w", Name, id, st.State, provider.ErrNotReady)
}

// request reads one request's record. Its words go to the progress
// display and its failure to the lock: a 200 answer is not scrubbed by the
// HTTP core, so they are scrubbed here.
func (c *Client) request(ctx context.Context, id string) (provider.Status, error) {
	var rec record
	if err := c.http.JSON(ctx, provider.Request{Op: "get request", Path: "requests/" + url.PathEscape(id)}, &rec); err != nil {
		return provider.Status{}, err
	}
	st := rec.status(id)
	st.Detail, st.Unknown = c.http.Scrub(st.Detail), c.http.Scrub(st.Unknown)
	if st.Err != nil {
		st.Err.Code, st.Err.Message = c.http.Scrub(st.Err.Code), c.http.Scrub(st.Err.Message)
	}
	return st, nil
}

package fal

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// Submit queues the input as given. fal has no idempotency key, so the
// core never re-sends it after a 5xx or a lost answer; such an error is
// provider.Uncertain and a paid request may exist. A create refused for
// want of credit is a *provider.NoCreditsError.
func (c *Client) Submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	job, err := c.submit(ctx, s)
	return job, noCredits.Refusal(err)
}

func (c *Client) submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	r := provider.Request{
		Op:          "submit " + Endpoint,
		Method:      http.MethodPost,
		Path:        Endpoint,
		Body:        s.Body,
		ContentType: "application/json",
	}
	resp, err := c.queue.Do(ctx, r)
	if err != nil {
		return provider.Job{}, err
	}
	status := resp.StatusCode
	var a submitAnswer
	if err := c.queue.Decode(resp, r, &a); err != nil {
		return provider.Job{}, err
	}
	if a.RequestID == "" {
		return provider.Job{}, c.queue.Unusable(r, status, errors.New("the answer has no request_id"))
	}
	c.remember(a)
	return provider.Job{ID: a.RequestID}, nil
}

// Status polls each request in turn (fal has no bulk status call). A
// COMPLETED request is only done once its result is read: fal reports
// failures there, never as a status. A request fal does not know (404) is
// provider.NotFound.
func (c *Client) Status(ctx context.Context, ids ...string) ([]provider.Status, error) {
	return provider.EachStatus(ctx, ids, c.status)
}

func (c *Client) status(ctx context.Context, id string) (provider.Status, error) {
	var q queueStatus
	r := provider.Request{Op: "get status", Path: c.urlsFor(id).status, Query: url.Values{"logs": {"1"}}}
	if err := c.queue.JSON(ctx, r, &q); err != nil {
		return provider.Status{}, err
	}
	st := q.status(id)
	st.Detail, st.Unknown = c.queue.Scrub(st.Detail), c.queue.Scrub(st.Unknown) // fal's log lines and status words
	if st.State != provider.Completed {
		return st, nil
	}
	m, err := c.fetch(ctx, id)
	var je *provider.JobError
	switch {
	case errors.As(err, &je):
		return provider.Status{JobID: id, State: provider.Failed, Err: je}, nil
	case errors.Is(err, provider.ErrNotReady):
		return provider.Status{JobID: id, State: provider.Processing, Detail: "finishing"}, nil
	case err != nil:
		return provider.Status{}, err
	}
	return provider.Status{JobID: id, State: provider.Completed, Media: &m}, nil
}

// Result reads the result again, so the media URL is fresh. A failed
// request is a *provider.JobError; one still running wraps
// provider.ErrNotReady.
func (c *Client) Result(ctx context.Context, id string) (provider.Media, error) {
	m, err := c.fetch(ctx, id)
	var je *provider.JobError
	if errors.As(err, &je) {
		return provider.Media{}, fmt.Errorf("%s request %s: %w", Name, id, je)
	}
	return m, err
}

// fetch GETs the response URL and sorts its answer: media; the request's
// own failure as a *provider.JobError; not finished; or a failed call.
func (c *Client) fetch(ctx context.Context, id string) (provider.Media, error) {
	var a resultAnswer
	err := c.queue.JSON(ctx, provider.Request{Op: "get result", Path: c.urlsFor(id).response}, &a)
	if err != nil {
		return provider.Media{}, resultError(id, err)
	}
	if a.Video.URL == "" {
		return provider.Media{}, &provider.JobError{Code: "no_output", Message: "fal reported the request completed without a video"}
	}
	return provider.Media{VideoURL: a.Video.URL}, nil
}

// Cancel asks fal to stop a request: one still queued is dropped, one in
// progress is signalled and may finish anyway.
func (c *Client) Cancel(ctx context.Context, id string) error {
	resp, err := c.queue.Do(ctx, provider.Request{Op: "cancel", Method: http.MethodPut, Path: c.urlsFor(id).cancel})
	var h *provider.HTTPError
	switch {
	case err == nil:
		resp.Body.Close()
		return nil
	case errors.As(err, &h) && strings.Contains(h.Body, "ALREADY_COMPLETED"):
		return fmt.Errorf("%s: request %s has already completed; it can no longer be cancelled: %w", Name, id, err)
	case errors.As(err, &h) && h.Status == http.StatusNotFound:
		return fmt.Errorf("%s: request %s is unknown to fal; nothing to cancel: %w", Name, id, err)
	}
	return err
}

// Package pixeldojo speaks PixelDojo's jobs API (seed 000) for its
// heygen-avatar model: POST models/heygen-avatar/run, then GET jobs/{id}
// until the job is completed or failed. PixelDojo bills credits per video,
// takes assets only as public URLs, and has no idempotency key and no
// cancel call.
package pixeldojo

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"

	"github.com/reel-dev/reel/render/provider"
)

const (
	// Name is the provider's name in reel.yaml, messages and the lock.
	Name = "pixeldojo"
	// DefaultBase is PixelDojo's API root; PIXELDOJO_API_BASE and
	// providers.pixeldojo.base_url replace it.
	DefaultBase = "https://pixeldojo.ai/api/v1"
	// DefaultModel is the model reel renders with.
	DefaultModel = "heygen-avatar"
	// EnvKey holds the API key (pd_…).
	EnvKey = "PIXELDOJO_API_KEY"
)

// Config configures a Client; the zero value reads everything from the
// environment.
type Config struct {
	BaseURL string // providers.pixeldojo.base_url; "" is $PIXELDOJO_API_BASE, else DefaultBase
	Key     string // "" is $PIXELDOJO_API_KEY
	Model   string // "" is DefaultModel
	provider.HTTPOptions
}

// Client is a provider.Provider for PixelDojo.
type Client struct {
	http  *provider.Client
	model string
}

var _ provider.Provider = (*Client)(nil)

// New returns a Client, or an error when the key is missing or the base URL
// is refused.
func New(cfg Config) (*Client, error) {
	key, err := provider.KeyFor(Name, cfg.Key, EnvKey)
	if err != nil {
		return nil, err
	}
	hc, err := provider.NewClientAt(provider.Host{Configured: cfg.BaseURL, Env: EnvAPIBase, Default: DefaultBase}, provider.ClientConfig{
		Name:        Name,
		Auth:        provider.Auth{Header: "Authorization", Scheme: "Bearer", Key: key},
		HTTPOptions: cfg.HTTPOptions,
	})
	if err != nil {
		return nil, err
	}
	model := cfg.Model
	if model == "" {
		model = DefaultModel
	}
	return &Client{http: hc, model: model}, nil
}

func (c *Client) Name() string { return Name }

// Upload is unsupported: run takes image and audio_url as public URLs, and
// PixelDojo offers no upload call to make one.
func (c *Client) Upload(_ context.Context, a provider.Asset) (string, error) {
	return "", fmt.Errorf("%s: cannot upload %s: PixelDojo takes public https URLs only; host the file and put its URL in the manifest: %w",
		Name, filepath.Base(a.Path), provider.ErrUnsupported)
}

// Submit sends the body as given. PixelDojo has no idempotency key, so the
// core never re-sends it after a 5xx or a lost answer; such an error is
// provider.Uncertain and a paid job may exist. A create refused for want
// of credit is a *provider.NoCreditsError.
func (c *Client) Submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	job, err := c.submit(ctx, s)
	return job, noCredits.Refusal(err)
}

func (c *Client) submit(ctx context.Context, s provider.Submission) (provider.Job, error) {
	r := provider.Request{
		Op:          "run " + c.model,
		Method:      http.MethodPost,
		Path:        "models/" + url.PathEscape(c.model) + "/run",
		Body:        s.Body,
		ContentType: "application/json",
	}
	var out struct {
		JobID string `json:"jobId"`
	}
	resp, err := c.http.Do(ctx, r)
	if err != nil {
		return provider.Job{}, err
	}
	status := resp.StatusCode
	if err := c.http.Decode(resp, r, &out); err != nil {
		return provider.Job{}, err
	}
	if out.JobID == "" {
		return provider.Job{}, c.http.Unusable(r, status, fmt.Errorf("the answer has no jobId"))
	}
	return provider.Job{ID: out.JobID}, nil
}

// Status polls each job in turn: PixelDojo has no bulk status call. A job
// PixelDojo does not know (404) is reported as provider.NotFound.
func (c *Client) Status(ctx context.Context, ids ...string) ([]provider.Status, error) {
	return provider.EachStatus(ctx, ids, c.job)
}

// Result reads the job again, so the media URL is freshly signed.
func (c *Client) Result(ctx context.Context, id string) (provider.Media, error) {
	st, err := c.job(ctx, id)
	if err != nil {
		return provider.Media{}, err
	}
	switch st.State {
	case provider.Completed:
		return *st.Media, nil
	case provider.Failed:
		return provider.Media{}, fmt.Errorf("%s job %s: %w", Name, id, st.Err)
	}
	return provider.Media{}, fmt.Errorf("%s job %s is %s: %w", Name, id, st.State, provider.ErrNotReady)
}

// Cancel is unsupported: PixelDojo documents no cancel call.
func (c *Client) Cancel(_ context.Context, id string) error {
	return fmt.Errorf("%s: cannot cancel %s: PixelDojo has no cancel call: %w", Name, id, provider.ErrUnsupported)
}

func (c *Client) job(ctx context.Context, id string) (provider.Status, error) {
	var j job
	err := c.http.JSON(ctx, provider.Request{Op: "get job", Path: "jobs/" + url.PathEscape(id)}, &j)
	if err != nil {
		return provider.Status{}, err
	}
	// A 200 answer is not scrubbed by the HTTP core, and its failure
	// message goes to the lock.
	st := j.status(id)
	st.Detail, st.Unknown = c.http.Scrub(st.Detail), c.http.Scrub(st.Unknown)
	if st.Err != nil {
		st.Err.Code, st.Err.Message = c.http.Scrub(st.Err.Code), c.http.Scrub(st.Err.Message)
	}
	return st, nil
}

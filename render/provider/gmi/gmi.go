// Package gmi speaks GMI Cloud's request queue for HeyGen's Avatar IV
// model (seed 002 is GMI's quick-start page for it): POST {base}/requests
// with {"model", "payload"}, then GET {base}/requests/{request_id} until
// the request succeeds, fails or is cancelled. The payload is the body the
// seed documents, HeyGen v2's generate body.
//
// What the package relies on, and where it was found ([C] confirmed by the
// source, [I] inferred, [U] unconfirmed or sources disagree):
//
//   - Base https://console.gmicloud.ai/api/v1/ie/requestqueue/apikey; POST
//     /requests with Authorization: Bearer <key> and {"model", "payload"}
//     [C docs.gmicloud.ai/model-quickstarts/video/heygen-avatar-4, …/veo3,
//     …/kling-v2-6, …/sora-2-pro; docs.gmicloud.ai/inference-engine/
//     api-reference/video-api-reference]. X-Organization-ID is needed only
//     by accounts in several organizations [C video-api-reference]; reel
//     does not send it.
//   - The create answers {"request_id", "model", "status": "queued",
//     "created_at", "updated_at", "queued_at"} [C kling-v2-6, sora-2-pro
//     quick-starts]; some models answer "success" at once [C the
//     minimax-tts quick-start], so the answer's status is not relied on.
//   - GET /requests/{request_id} answers the record: request_id, org_id,
//     model, status, is_public, payload, outcome, times; the video is at
//     outcome.media_urls[0].url [C GMI's minimax-tts-speech-2.8-hd
//     quick-start]. Public clients (found by code search) also read
//     outcome.video_url and outcome.medias[].url [U]; so does Status when
//     media_urls is empty.
//   - Statuses queued, processing, success, failed, cancelled [C seed 002];
//     dispatched [C video-api-reference: "dispatched, processing, finished,
//     or other condition"]; created, before queued [U public clients].
//     Each is read as provider.StatusWord reads it. The reference's
//     "finished" is in its prose only, in no table of values and in no
//     client [U]: reel does not guess whether it means success or failure.
//     It, and any word none of the APIs documents, keeps the request
//     waiting, named in Status.Unknown, and the runner stops waiting on it
//     after a bound.
//   - Where a failed request says why is undocumented [U]: public clients
//     read error_message, error (text or object), outcome.error,
//     outcome.message, outcome.error_message and outcome.fail_reason; so
//     does Status, in that order.
//   - No cancel call is documented [C none in the quick-starts or the
//     reference], so Cancel is unsupported: cancel in GMI's console. A
//     request cancelled there reads cancelled, and its video fails saying
//     so.
//   - No upload call is documented [C none in the quick-starts or the
//     reference; an unofficial CLI lists an upload tool without naming its
//     call, U]; the payload takes avatar and voice ids and public URLs, so
//     Upload is unsupported.
//   - No idempotency key is documented [C], so a create is not replayable:
//     as on HeyGen v2, a create whose answer was lost is never re-sent; it
//     stays pending without a request id until the user checks GMI's
//     console and runs reel forget.
//   - Model id heygen-avatar-4 [C seed 002]; a newer GMI page names the
//     model heygen-avatar-v4 and adds an optional duration, "used only for
//     billing estimation" [C docs.gmicloud.ai/model-quickstarts/video/
//     heygen-avatar-v4]. Which id the queue takes today is [U], so the model
//     is configurable (providers.gmi.model).
//   - No price is published for the model [C none on either page]; the
//     newer page's duration suggests billing by length [I]. Prices come
//     from pricing.gmi, and until it is set a plan says the cost is unknown.
//   - The error envelope and the answer for an unknown request id are
//     undocumented [U]: errors are read in every envelope provider knows,
//     and a 404 is a request GMI does not know.
package gmi

import (
	"context"
	"fmt"
	"path/filepath"

	"github.com/reel-dev/reel/render/provider"
)

const (
	// Name is the provider's name in reel.yaml, messages and the lock.
	Name = "gmi"
	// KeyEnv holds the API key.
	KeyEnv = "GMI_API_KEY"
	// BaseEnv replaces DefaultBaseURL; providers.gmi.base_url replaces both.
	BaseEnv = "GMI_API_BASE"
	// DefaultBaseURL is GMI's request queue.
	DefaultBaseURL = "https://console.gmicloud.ai/api/v1/ie/requestqueue/apikey"
	// DefaultModel is the model id of seed 002's quick-start.
	DefaultModel = "heygen-avatar-4"
)

// displayName is how messages name GMI to users.
const displayName = "GMI Cloud"

// Config configures a Client; the zero value reads everything from the
// environment.
type Config struct {
	BaseURL string // providers.gmi.base_url; "" is $GMI_API_BASE, else DefaultBaseURL
	Key     string // "" is $GMI_API_KEY
	Model   string // providers.gmi.model; "" is DefaultModel
	provider.HTTPOptions
}

// Client is a provider.Provider for GMI Cloud's request queue.
type Client struct {
	http  *provider.Client
	model string
}

var _ provider.Provider = (*Client)(nil)

// New returns a Client, or an error when the key is missing or the base URL
// is refused.
func New(cfg Config) (*Client, error) {
	key, err := provider.KeyFor(Name, cfg.Key, KeyEnv)
	if err != nil {
		return nil, err
	}
	hc, err := provider.NewClientAt(provider.Host{Configured: cfg.BaseURL, Env: BaseEnv, Default: DefaultBaseURL}, provider.ClientConfig{
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

// Name is the lock's name of the model's API: gmi/heygen-avatar-4.
func (c *Client) Name() string { return Name + "/" + c.model }

// Upload is unsupported: GMI documents no upload call, and the payload
// takes avatar and voice ids and public URLs.
func (c *Client) Upload(_ context.Context, a provider.Asset) (string, error) {
	return "", fmt.Errorf("%s: cannot upload %s: GMI Cloud takes avatar ids and public https URLs only; host the file and put its URL in the manifest: %w",
		Name, filepath.Base(a.Path), provider.ErrUnsupported)
}

// Cancel is unsupported: GMI documents no cancel call.
func (c *Client) Cancel(_ context.Context, id string) error {
	return fmt.Errorf("%s: cannot cancel request %s: GMI Cloud documents no cancel call; cancel it in GMI's console: %w", Name, id, provider.ErrUnsupported)
}

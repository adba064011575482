// Package fal speaks fal.ai's queue API for HeyGen's Avatar IV model,
// fal-ai/heygen/avatar4/image-to-video (seed 001): submit to the queue,
// poll the status, read the result, upload local files to fal's storage.
//
// Three of fal's habits shape it. The status, result and cancel URLs name
// only the app (fal-ai/heygen), not the endpoint submit used (fal-js#214).
// A failed request never reads FAILED: it reads COMPLETED and its result
// call answers the error (TanStack/ai#396), so Status fetches the result
// before it says a job is done. And fal has no idempotency key, so a submit
// is never re-sent after an answer that may hide an accepted request.
package fal

import (
	"net/url"
	"strings"
	"sync"

	"github.com/reel-dev/reel/render/provider"
)

const (
	// Name is the provider's name in reel.yaml, messages and the lock.
	Name = "fal"
	// Endpoint is the model reel submits to.
	Endpoint = "fal-ai/heygen/avatar4/image-to-video"
	// App is Endpoint's owner/alias, the path of status, result and cancel.
	App = "fal-ai/heygen"
	// DefaultQueueBase and DefaultRestBase are fal's hosts; FAL_QUEUE_BASE
	// and FAL_REST_BASE (or Config) replace them.
	DefaultQueueBase = "https://queue.fal.run"
	DefaultRestBase  = "https://rest.fal.ai"
	// EnvKey holds the API key ("key id:secret").
	EnvKey = "FAL_KEY"
)

// Config configures a Client; the zero value reads everything from the
// environment.
type Config struct {
	QueueURL string // "" is $FAL_QUEUE_BASE, else DefaultQueueBase
	RestURL  string // "" is $FAL_REST_BASE, else DefaultRestBase
	Key      string // "" is $FAL_KEY
	provider.HTTPOptions
}

// Client is a provider.Provider for fal. It has no Catalog: fal offers no
// call that lists voices or avatars.
//
// A job id is fal's request id and nothing more. While the process lives,
// the Client polls the URLs submit returned; for an id read back from the
// lock after a restart it derives them from the id on the App path, as
// fal's clients do. The id alone is enough because reel submits to one
// endpoint, whose App is fixed, and it keeps the lock free of URLs.
type Client struct {
	queue *provider.Client
	rest  *provider.Client
	opts  provider.HTTPOptions

	mu   sync.Mutex
	urls map[string]jobURLs // by request id, from submit answers
}

var _ provider.Provider = (*Client)(nil)

// New returns a Client, or an error when the key is missing or a base URL
// is refused.
func New(cfg Config) (*Client, error) {
	key, err := provider.KeyFor(Name, cfg.Key, EnvKey)
	if err != nil {
		return nil, err
	}
	auth := provider.Auth{Header: "Authorization", Scheme: "Key", Key: key}
	at := provider.ClientConfig{Name: Name, Auth: auth, HTTPOptions: cfg.HTTPOptions, DecodeError: decodeError}
	queue, err := provider.NewClientAt(provider.Host{Configured: cfg.QueueURL, Env: EnvQueueBase, Default: DefaultQueueBase}, at)
	if err != nil {
		return nil, err
	}
	rest, err := provider.NewClientAt(provider.Host{Configured: cfg.RestURL, Env: EnvRESTBase, Default: DefaultRestBase}, at)
	if err != nil {
		return nil, err
	}
	return &Client{queue: queue, rest: rest, opts: cfg.HTTPOptions, urls: map[string]jobURLs{}}, nil
}

func (c *Client) Name() string { return Name }

// jobURLs are where one request is polled, read and cancelled: absolute
// URLs from submit, or paths relative to the queue base.
type jobURLs struct {
	status, response, cancel string
}

// urlsFor returns the URLs submit gave for id, else the derived ones.
func (c *Client) urlsFor(id string) jobURLs {
	c.mu.Lock()
	u, ok := c.urls[id]
	c.mu.Unlock()
	if ok {
		return u
	}
	p := App + "/requests/" + url.PathEscape(id)
	return jobURLs{status: p + "/status", response: p, cancel: p + "/cancel"}
}

// remember keeps the URLs a submit answer gave. A URL on another host
// than the queue base is replaced by the derived one: the key goes only
// to the configured host, and a proxy set in FAL_QUEUE_BASE must see the
// polls too.
func (c *Client) remember(a submitAnswer) {
	d := c.urlsFor(a.RequestID)
	u := jobURLs{
		status:   c.sameHost(a.StatusURL, d.status),
		response: c.sameHost(a.ResponseURL, d.response),
		cancel:   c.sameHost(a.CancelURL, d.cancel),
	}
	c.mu.Lock()
	c.urls[a.RequestID] = u
	c.mu.Unlock()
}

func (c *Client) sameHost(raw, derived string) string {
	u, err := url.Parse(raw)
	base := c.queue.Base()
	if raw == "" || err != nil || !strings.EqualFold(u.Scheme, base.Scheme) || !strings.EqualFold(u.Host, base.Host) {
		return derived
	}
	return raw
}

// Package heygen speaks HeyGen's video APIs behind provider.Provider: v3
// (POST /v3/videos, current, with Idempotency-Key), and the two legacy
// APIs the seed documents describe, v2 (POST /v2/video/generate) and
// Avatar IV (POST /v2/video/av4/generate with uploads on
// upload.heygen.com). One Client speaks one of them, chosen by Config.API
// as reel.yaml's providers.heygen.api does.
package heygen

import (
	"context"
	"fmt"
	"net/http"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// The APIs, as reel.yaml names them.
const (
	V3  = "v3"
	V2  = "v2"
	AV4 = "av4"
)

const (
	// DefaultBase is HeyGen's API host; HEYGEN_API_BASE or
	// providers.heygen.base_url replace it.
	DefaultBase = "https://api.heygen.com"
	// DefaultUploadBase is the v2/av4 upload host; HEYGEN_UPLOAD_BASE
	// replaces it.
	DefaultUploadBase = "https://upload.heygen.com"
	// EnvKey holds the API key.
	EnvKey = "HEYGEN_API_KEY"
	// MaxMultipart is the largest file POST /v3/assets takes; bigger ones
	// go through a direct upload.
	MaxMultipart = 32 << 20
)

// Config configures a Client; the zero value is v3 with everything read
// from the environment.
type Config struct {
	API       string // V3 (""), V2 or AV4
	BaseURL   string // "" is $HEYGEN_API_BASE, else DefaultBase
	UploadURL string // "" is $HEYGEN_UPLOAD_BASE, else DefaultUploadBase (v2, av4)
	Key       string // "" is $HEYGEN_API_KEY
	provider.HTTPOptions
}

// Client is a provider.Provider and provider.Catalog for one HeyGen API.
type Client struct {
	api    string
	http   *provider.Client // api.heygen.com
	upload *provider.Client // upload.heygen.com; nil on v3
	auth   provider.Auth    // prints redacted; kept to scrub answers
	// directAbove is the size above which v3 uploads go direct; a field so
	// tests can cross it without a 32 MB file.
	directAbove int64
}

var (
	_ provider.Provider = (*Client)(nil)
	_ provider.Catalog  = (*Client)(nil)
)

// New returns a Client, or an error when the API is unknown, the key is
// missing or a base URL is refused.
func New(cfg Config) (*Client, error) {
	api := cfg.API
	if api == "" {
		api = V3
	}
	if api != V3 && api != V2 && api != AV4 {
		return nil, fmt.Errorf("heygen: unknown api %q; use v3, v2 or av4", cfg.API)
	}
	name := Name + "/" + api // as Facts.Lock names it: Facts refers to New, so New cannot ask it
	key, err := provider.KeyFor(name, cfg.Key, EnvKey)
	if err != nil {
		return nil, err
	}
	c := &Client{api: api, directAbove: MaxMultipart, auth: provider.Auth{Header: "X-Api-Key", Key: key}}
	if c.http, err = newHTTP(name, cfg.BaseURL, EnvAPIBase, DefaultBase, key, cfg.HTTPOptions); err != nil {
		return nil, err
	}
	if api != V3 {
		if c.upload, err = newHTTP(name, cfg.UploadURL, EnvUploadBase, DefaultUploadBase, key, cfg.HTTPOptions); err != nil {
			return nil, err
		}
	}
	return c, nil
}

func newHTTP(name, configured, env, def, key string, o provider.HTTPOptions) (*provider.Client, error) {
	return provider.NewClientAt(provider.Host{Configured: configured, Env: env, Default: def}, provider.ClientConfig{
		Name:        name,
		Auth:        provider.Auth{Header: "X-Api-Key", Key: key}, // both hosts take the same header
		HTTPOptions: o,
	})
}

// Name is "heygen/v3", "heygen/v2" or "heygen/av4".
func (c *Client) Name() string { return Name + "/" + c.api }

// API is the API the client speaks.
func (c *Client) API() string { return c.api }

// Cancel is unsupported. v2 and Avatar IV have no cancel call; v3's
// DELETE /v3/videos/{id} permanently deletes a video and its files, and
// nothing says it stops billing a render in progress, so reel does not
// pass it off as a cancel.
func (c *Client) Cancel(_ context.Context, id string) error {
	return fmt.Errorf("%s: cannot cancel %s: HeyGen has no cancel call: %w", c.Name(), id, provider.ErrUnsupported)
}

// refused is the error of a 2xx answer that carries an error envelope:
// the server answered, so unlike a lost answer it is certain.
func (c *Client) refused(hc *provider.Client, r provider.Request, status int, code, msg string) error {
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	e := hc.Unusable(r, status, nil)
	e.Method, e.Code, e.Message = method, c.scrub(code), c.scrub(msg)
	return e
}

// scrub removes the key from text that came from the network and is not
// already scrubbed by the HTTP core.
func (c *Client) scrub(s string) string {
	if len(c.auth.Key) < 8 {
		return s
	}
	return strings.ReplaceAll(s, c.auth.Key, provider.Redacted)
}

package fal

import (
	"cmp"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/render/provider"
)

// storageToken is POST {rest}/storage/auth/token's answer.
type storageToken struct {
	Token     string `json:"token"`
	TokenType string `json:"token_type"`
	BaseURL   string `json:"base_url"`
}

// Upload puts a local file on fal's CDN the way fal's own clients do (a
// storage token from the REST host, then the raw bytes to the CDN under
// that token) and returns the public URL that replaces a.Ref in the input.
// The file is read now and must still hash to a.Ref: the render key was
// computed from those bytes, and a file edited since must not be rendered
// under the old key. The API key never goes to the CDN. An account fal
// has locked for want of credit refuses uploads too: a
// *provider.NoCreditsError.
func (c *Client) Upload(ctx context.Context, a provider.Asset) (string, error) {
	got, err := c.upload(ctx, a)
	return got, noCredits.Refusal(err)
}

func (c *Client) upload(ctx context.Context, a provider.Asset) (string, error) {
	data, err := safefile.Read(a.Path, safefile.Asset)
	if err != nil {
		return "", fmt.Errorf("%s: reading asset: %w", Name, err)
	}
	sum := sha256.Sum256(data)
	hexsum := hex.EncodeToString(sum[:])
	if ref, ok := strings.CutPrefix(a.Ref, "sha256:"); ok && ref != hexsum {
		return "", fmt.Errorf("%s: %s changed since the plan was made; run reel again", Name, filepath.Base(a.Path))
	}
	tok, err := c.storageToken(ctx)
	if err != nil {
		return "", err
	}
	base, err := provider.BaseURL(tok.BaseURL, "", "")
	if err != nil {
		return "", fmt.Errorf("%s: storage base_url from fal: %w", Name, err)
	}
	cdn, err := provider.NewClient(provider.ClientConfig{
		Name:        Name,
		Base:        base,
		Auth:        provider.Auth{Header: "Authorization", Scheme: cmp.Or(tok.TokenType, "Bearer"), Key: tok.Token},
		HTTPOptions: c.opts,
	})
	if err != nil {
		return "", err
	}
	// The name fal stores is the content hash: the URL is public, and a
	// local path says more than the file needs to.
	name := hexsum[:16] + strings.ToLower(filepath.Ext(a.Path))
	r := provider.Request{
		Op:          "upload asset",
		Method:      http.MethodPost,
		Path:        "files/upload",
		Header:      http.Header{"X-Fal-File-Name": {name}},
		Body:        data,
		ContentType: cmp.Or(a.MIME, "application/octet-stream"),
	}
	return c.send(ctx, cdn, r)
}

// send makes the upload call and checks the URL it answers.
func (c *Client) send(ctx context.Context, cdn *provider.Client, r provider.Request) (string, error) {
	resp, err := cdn.Do(ctx, r)
	if err != nil {
		return "", err
	}
	status := resp.StatusCode
	var out struct {
		AccessURL string `json:"access_url"`
	}
	if err := cdn.Decode(resp, r, &out); err != nil {
		return "", err
	}
	u, err := url.Parse(out.AccessURL)
	if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
		return "", cdn.Unusable(r, status, errors.New("the answer has no usable access_url"))
	}
	return out.AccessURL, nil
}

// storageToken asks the REST host for a CDN token. It is not cached: a
// video has at most a few local files, and a fresh token cannot expire
// mid-run.
func (c *Client) storageToken(ctx context.Context) (storageToken, error) {
	r := provider.Request{
		Op:     "get storage token",
		Method: http.MethodPost,
		Path:   "storage/auth/token",
		Query:  url.Values{"storage_type": {"fal-cdn-v3"}},
		JSON:   struct{}{},
	}
	resp, err := c.rest.Do(ctx, r)
	if err != nil {
		return storageToken{}, err
	}
	status := resp.StatusCode
	var t storageToken
	if err := c.rest.Decode(resp, r, &t); err != nil {
		return storageToken{}, err
	}
	if t.Token == "" || t.BaseURL == "" {
		return storageToken{}, c.rest.Unusable(r, status, errors.New("the answer has no token or base_url"))
	}
	return t, nil
}

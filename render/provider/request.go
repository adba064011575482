package provider

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

func (c *Client) newRequest(ctx context.Context, r Request) (*http.Request, error) {
	u, err := c.resolve(r.Path)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", c.name, r.Op, err)
	}
	if len(r.Query) > 0 {
		q := u.Query()
		for k, v := range r.Query {
			q[k] = v
		}
		u.RawQuery = q.Encode()
	}
	body, ctype := r.Body, r.ContentType
	if r.JSON != nil {
		if body, err = json.Marshal(r.JSON); err != nil {
			return nil, fmt.Errorf("%s %s: encoding request: %w", c.name, r.Op, err)
		}
		ctype = "application/json"
	}
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	method := r.Method
	if method == "" {
		method = http.MethodGet
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", c.name, r.Op, err)
	}
	req.Header.Set("Accept", "application/json")
	req.Header.Set("User-Agent", "reel (+https://github.com/reel-dev/reel)")
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for k, v := range r.Header {
		req.Header[http.CanonicalHeaderKey(k)] = v
	}
	if sameOrigin(u, c.base) {
		c.auth.apply(req.Header)
	}
	return req, nil
}

// resolve turns a Path into a URL that passes CheckURL.
func (c *Client) resolve(p string) (*url.URL, error) {
	if strings.Contains(p, "://") {
		u, err := url.Parse(p)
		if err != nil {
			return nil, fmt.Errorf("bad URL from the API: %v", err)
		}
		return u, CheckURL(u)
	}
	rel, err := url.Parse(p)
	if err != nil {
		return nil, err
	}
	u := c.base.JoinPath(rel.EscapedPath())
	u.RawQuery = rel.RawQuery
	return u, nil
}

func sameOrigin(a, b *url.URL) bool {
	return strings.EqualFold(a.Scheme, b.Scheme) && strings.EqualFold(a.Host, b.Host)
}

func defaultTransport(a Auth) Doer {
	return &http.Client{CheckRedirect: func(req *http.Request, via []*http.Request) error {
		if len(via) >= 10 {
			return errors.New("stopped after 10 redirects")
		}
		if err := CheckURL(req.URL); err != nil {
			return err
		}
		if !sameOrigin(req.URL, via[0].URL) && a.Header != "" {
			req.Header.Del(a.Header)
		}
		return nil
	}}
}

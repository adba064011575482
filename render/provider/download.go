package provider

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
)

// Download copies the media at rawURL into w and returns the bytes written.
// Media URLs are presigned, so no credential is sent: an API key must never
// reach a CDN. A body shorter than its Content-Length is an error. The call
// is bounded by ctx and by idleness only (a video may take longer than an
// API call); an expired URL fails with an *HTTPError for which Expired is
// true. A nil d is DefaultMedia().
func Download(ctx context.Context, d Doer, rawURL string, w io.Writer) (int64, error) {
	const op = "download media"
	u, err := url.Parse(rawURL)
	if err != nil {
		return 0, fmt.Errorf("%s: bad URL from the API: %v", op, err)
	}
	if err := CheckURL(u); err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	if d == nil {
		d = DefaultMedia()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return 0, fmt.Errorf("%s: %w", op, err)
	}
	fail := func(status int, body []byte, err error) *HTTPError {
		e := &HTTPError{Op: op, Method: req.Method, URL: RedactURL(u), Status: status, Body: snippet(body)}
		if err != nil {
			e.Err = unwrapURLError(err)
		}
		return e
	}
	resp, err := d.Do(req)
	if err != nil {
		return 0, fail(0, nil, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 4<<10))
		return 0, fail(resp.StatusCode, body, nil)
	}
	n, err := io.Copy(w, resp.Body)
	if err == nil && resp.ContentLength >= 0 && n != resp.ContentLength {
		err = fmt.Errorf("got %d of %d bytes", n, resp.ContentLength)
	}
	if err != nil {
		return n, fail(resp.StatusCode, nil, fmt.Errorf("reading media: %w", err))
	}
	return n, nil
}

// DefaultMedia is the Doer media downloads use unless told another: a plain
// client that gives up on a download stalled for MediaStall, and logs each
// request, redacted, under REEL_DEBUG=http as the API clients do.
func DefaultMedia() Doer {
	return Debug(Stall(defaultTransport(Auth{}), MediaStall, nil), DebugWriter())
}

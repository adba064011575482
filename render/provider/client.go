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
	"time"

	"github.com/reel-dev/reel/internal/textsafe"
)

// HTTPOptions are the transport settings every vendor client shares; vendor
// Configs embed it so tests and the CLI set them the same way everywhere.
type HTTPOptions struct {
	// Transport sends each attempt; nil is an http.Client that drops the
	// credential on redirects to another host.
	Transport Doer
	// Timeout bounds each attempt; 0 means DefaultTimeout, negative none.
	Timeout time.Duration
	// Retry is the retry policy; the zero value is HeyGen's.
	Retry RetryPolicy
	// Debug receives one redacted line per request and response; nil means
	// DebugWriter() (stderr under REEL_DEBUG=http).
	Debug io.Writer
	// Clock runs the Timeout of each attempt; nil is the wall clock.
	Clock Clock
}

// ClientConfig describes one API host of one provider.
type ClientConfig struct {
	Name string   // provider name; prefixes every operation in errors: "heygen"
	Base *url.URL // from BaseURL
	Auth Auth     // sent only to Base's scheme and host
	HTTPOptions
	// DecodeError reads code and message from an error body; nil is
	// DecodeError, which knows every envelope in reference/providers.md.
	DecodeError func(body []byte) (code, message string)
}

// Client is the HTTP core a vendor package builds its calls on: it resolves
// paths against the base URL, attaches the credential to that host only,
// times and retries every attempt, and turns every failure into an
// *HTTPError free of secrets.
type Client struct {
	name   string
	base   *url.URL
	auth   Auth
	doer   Doer
	decode func([]byte) (string, string)
}

// NewClient assembles Retry(Debug(Timeout(Transport))) for cfg.
func NewClient(cfg ClientConfig) (*Client, error) {
	if cfg.Base == nil {
		return nil, fmt.Errorf("%s: no base URL", cfg.Name)
	}
	if err := CheckURL(cfg.Base); err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	t := cfg.Transport
	if t == nil {
		t = defaultTransport(cfg.Auth)
	}
	timeout := cfg.Timeout
	if timeout == 0 {
		timeout = DefaultTimeout
	}
	debug := cfg.Debug
	if debug == nil {
		debug = DebugWriter()
	}
	decode := cfg.DecodeError
	if decode == nil {
		decode = DecodeError
	}
	base := *cfg.Base
	return &Client{
		name:   cfg.Name,
		base:   &base,
		auth:   cfg.Auth,
		doer:   Retry(Debug(Timeout(t, timeout, cfg.Clock), debug), cfg.Retry),
		decode: decode,
	}, nil
}

// Scrub removes the client's key from text that came from the network
// outside an error, such as a job's status words or its failure message
// in a 200 answer, before reel shows it.
func (c *Client) Scrub(s string) string { return c.auth.scrub(s) }

// Base returns a copy of the client's base URL.
func (c *Client) Base() *url.URL { u := *c.base; return &u }

// Request is one API call.
type Request struct {
	Op     string // what the call does, after the provider name: "create video"
	Method string // "" is GET
	// Path is relative to the base URL ("jobs/abc", escaped), or an absolute
	// URL such as a status_url the API returned; the credential goes only
	// to the base URL's host.
	Path   string
	Query  url.Values
	Header http.Header // extra headers, such as Idempotency-Key
	JSON   any         // encoded as the body, Content-Type application/json
	Body   []byte      // sent as is when JSON is nil
	// ContentType of Body.
	ContentType string
}

// Do sends r and returns the response of a 2xx answer with its body open.
// Any other outcome is an *HTTPError and the body is already closed; its
// NotSent says when no attempt can have written a byte of the request.
func (c *Client) Do(ctx context.Context, r Request) (*http.Response, error) {
	var sent sendTrace
	req, err := c.newRequest(sent.watch(ctx), r)
	if err != nil {
		return nil, err
	}
	resp, err := c.doer.Do(req)
	if err != nil {
		e := c.fail(r, req, nil, nil, err)
		e.NotSent = sent.notSent()
		return nil, e
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		resp.Body.Close()
		return nil, c.fail(r, req, resp, body, nil)
	}
	return resp, nil
}

// JSON sends r and decodes a 2xx JSON answer into out (nil discards it).
func (c *Client) JSON(ctx context.Context, r Request, out any) error {
	resp, err := c.Do(ctx, r)
	if err != nil {
		return err
	}
	return c.Decode(resp, r, out)
}

// maxJSON bounds an API answer read into memory.
const maxJSON = 32 << 20

// Decode reads resp's JSON body into out and closes it. A body cut short or
// not JSON is an *HTTPError with the response's status: the call may have
// succeeded at the provider (see Uncertain).
func (c *Client) Decode(resp *http.Response, r Request, out any) error {
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxJSON))
	if err != nil {
		return c.fail(r, resp.Request, resp, body, fmt.Errorf("reading response: %w", err))
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(body, out); err != nil {
		var syn *json.SyntaxError
		if errors.As(err, &syn) || len(bytes.TrimSpace(body)) == 0 {
			err = fmt.Errorf("response is not JSON: %w", err)
		} else {
			err = fmt.Errorf("unexpected response: %w", err)
		}
		return c.fail(r, resp.Request, resp, body, err)
	}
	return nil
}

// fail builds the *HTTPError for one call: from the response when there is
// one, else from the transport error. Everything that came over the network
// is scrubbed of the key.
func (c *Client) fail(r Request, req *http.Request, resp *http.Response, body []byte, err error) *HTTPError {
	e := &HTTPError{Op: strings.TrimSpace(c.name + " " + r.Op), Method: req.Method, URL: RedactURL(req.URL)}
	if err != nil {
		e.Err = unwrapURLError(err)
	}
	if resp == nil {
		return e
	}
	e.Status = resp.StatusCode
	e.Body = c.auth.scrub(snippet(body))
	if resp.StatusCode >= 300 { // a 2xx body is an answer, not an error envelope
		code, msg := c.decode(body)
		e.Code, e.Message = textsafe.OneLine(c.auth.scrub(code)), textsafe.OneLine(c.auth.scrub(msg)) // printed, and recorded in reel.lock
	}
	e.RequestID = first(resp.Header.Get("X-Request-Id"), resp.Header.Get("X-Fal-Request-Id"), resp.Header.Get("Request-Id"))
	e.RetryAfter, _ = parseRetryAfter(resp.Header.Get("Retry-After"), time.Now())
	return e
}

// unwrapURLError drops the *url.Error wrapper, whose text repeats the URL
// with its presigned query; HTTPError prints the redacted URL instead.
func unwrapURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		return ue.Err
	}
	return err
}

// Unusable is the *HTTPError for an answer with status that reel cannot use,
// such as a create answer without a job id. Like a lost answer, it leaves
// the call's effect unknown (see Uncertain).
func (c *Client) Unusable(r Request, status int, err error) *HTTPError {
	e := &HTTPError{Op: strings.TrimSpace(c.name + " " + r.Op), Method: r.Method, Status: status, Err: err}
	if e.Method == "" {
		e.Method = http.MethodGet
	}
	if u, uerr := c.resolve(r.Path); uerr == nil {
		e.URL = RedactURL(u)
	}
	return e
}

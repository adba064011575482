package provider

import (
	"net/http"
	"net/url"
	"strings"
)

// Redacted replaces a secret wherever reel would otherwise print it.
const Redacted = "REDACTED"

// RedactURL renders u for errors and logs: without user info or fragment,
// and with the values of presigned-URL parameters (signatures, expiries,
// tokens, keys) replaced, because a signed media URL is a bearer credential
// for as long as it lives. Other parameters stay, so a message still says
// which video it was about.
func RedactURL(u *url.URL) string {
	if u == nil {
		return ""
	}
	c := *u
	c.User = nil
	c.Fragment, c.RawFragment = "", ""
	c.RawQuery = redactQuery(u.RawQuery)
	return c.String()
}

// RedactURLString is RedactURL for a URL in text form; text that does not
// parse is dropped rather than risk printing a secret.
func RedactURLString(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "(unparsable URL)"
	}
	return RedactURL(u)
}

func redactQuery(q string) string {
	if q == "" {
		return ""
	}
	parts := strings.Split(q, "&")
	for i, p := range parts {
		name, _, _ := strings.Cut(p, "=")
		if key, err := url.QueryUnescape(name); err == nil && secretParam(key) {
			parts[i] = name + "=" + Redacted
		}
	}
	return strings.Join(parts, "&")
}

// secretParam reports query parameters that sign or authorize a URL: S3 and
// GCS presigning, CloudFront (Expires, Signature, Key-Pair-Id, Policy),
// Azure SAS (sig, se, sp, sv, sr, st) and ad-hoc token or key parameters.
func secretParam(name string) bool {
	n := strings.ToLower(name)
	if strings.HasPrefix(n, "x-amz-") || strings.HasPrefix(n, "x-goog-") {
		return true
	}
	switch n {
	case "key", "apikey", "api_key", "api-key", "sig", "se", "sp", "sv", "sr", "st",
		"expires", "policy", "key-pair-id", "code", "auth":
		return true
	}
	for _, s := range []string{"signature", "token", "secret", "password", "credential"} {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// secretHeader reports request headers that carry a credential.
func secretHeader(name string) bool {
	n := strings.ToLower(name)
	switch n {
	case "authorization", "proxy-authorization", "x-api-key", "cookie", "set-cookie":
		return true
	}
	return strings.Contains(n, "token") || strings.Contains(n, "secret") || strings.Contains(n, "api-key")
}

// redactHeader returns a copy of h safe to print.
func redactHeader(h http.Header) http.Header {
	out := make(http.Header, len(h))
	for k, v := range h {
		if secretHeader(k) {
			out[k] = []string{Redacted}
			continue
		}
		out[k] = v
	}
	return out
}

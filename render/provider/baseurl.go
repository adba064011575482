package provider

import (
	"fmt"
	"net"
	"net/url"
	"os"
	"strings"
)

// BaseURL picks where an API lives: configured (providers.<name>.base_url
// from reel.yaml) wins, else the environment variable envVar, else def. The
// result has no query, fragment or trailing slash, and passes CheckURL:
// a typo in an override must fail loudly rather than send the key in the
// clear.
func BaseURL(configured, envVar, def string) (*url.URL, error) {
	raw, from := configured, "base_url"
	if raw == "" && envVar != "" {
		raw, from = os.Getenv(envVar), envVar
	}
	if raw == "" {
		raw, from = def, "default base URL"
	}
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		return nil, fmt.Errorf("%s: not a URL: %v", from, err)
	}
	if err := CheckURL(u); err != nil {
		return nil, fmt.Errorf("%s: %w", from, err)
	}
	u.RawQuery, u.Fragment, u.RawFragment = "", "", ""
	u.Path = strings.TrimRight(u.Path, "/")
	u.RawPath = strings.TrimRight(u.RawPath, "/")
	return u, nil
}

// CheckURL refuses URLs reel must not call: anything but https, except plain
// http to a loopback host (a fake or a local proxy), and URLs that embed
// credentials.
func CheckURL(u *url.URL) error {
	if u.Host == "" {
		return fmt.Errorf("%s: no host; want https://host/…", RedactURL(u))
	}
	if u.User != nil {
		return fmt.Errorf("%s: credentials in a URL are refused; API keys come from the environment", RedactURL(u))
	}
	switch strings.ToLower(u.Scheme) {
	case "https":
		return nil
	case "http":
		if IsLoopback(u.Hostname()) {
			return nil
		}
		return fmt.Errorf("%s: plain http:// is refused except on loopback; use https://", RedactURL(u))
	}
	return fmt.Errorf("%s: scheme %q is not supported; use https://", RedactURL(u), u.Scheme)
}

// IsLoopback reports whether host is localhost or an address in
// 127.0.0.0/8 or ::1, where traffic never leaves the machine.
func IsLoopback(host string) bool {
	h := strings.TrimSuffix(strings.ToLower(host), ".")
	if h == "localhost" {
		return true
	}
	ip := net.ParseIP(strings.Trim(h, "[]"))
	return ip != nil && ip.IsLoopback()
}

// Host is where one of a vendor's APIs lives, as BaseURL picks it: the
// base URL reel.yaml gives (or ""), the variable that moves it, and the
// vendor's own.
type Host struct{ Configured, Env, Default string }

// NewClientAt is NewClient with cfg's Base picked from h (see BaseURL); a
// refused base URL is an error named after cfg.Name.
func NewClientAt(h Host, cfg ClientConfig) (*Client, error) {
	base, err := BaseURL(h.Configured, h.Env, h.Default)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", cfg.Name, err)
	}
	cfg.Base = base
	return NewClient(cfg)
}

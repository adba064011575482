package provider

import (
	"fmt"
	"net/http"
	"os"
	"strings"
)

// Auth is a provider credential and the header it travels in:
// HeyGen {X-Api-Key, "", key}, fal {Authorization, Key, key}, PixelDojo
// {Authorization, Bearer, key}. It prints as Redacted under every fmt verb,
// so logging a config cannot leak the key.
type Auth struct {
	Header string // "X-Api-Key", "Authorization"
	Scheme string // "Bearer", "Key", or "" for the bare key
	Key    string
}

// Value is the header value to send.
func (a Auth) Value() string {
	if a.Scheme == "" {
		return a.Key
	}
	return a.Scheme + " " + a.Key
}

func (a Auth) String() string   { return a.Header + ": " + Redacted }
func (a Auth) GoString() string { return "provider.Auth{" + a.String() + "}" }

func (a Auth) apply(h http.Header) {
	if a.Header != "" && a.Key != "" {
		h.Set(a.Header, a.Value())
	}
}

// minSecret is the shortest key scrub replaces: shorter strings would mangle
// ordinary words, and no provider issues keys that short.
const minSecret = 8

// scrub removes the key from text that came from the network, such as a
// proxy echoing request headers into an error page.
func (a Auth) scrub(s string) string {
	if len(a.Key) < minSecret {
		return s
	}
	return strings.ReplaceAll(s, a.Key, Redacted)
}

// Secret reads an API key from the environment variable name
// (HEYGEN_API_KEY, FAL_KEY, PIXELDOJO_API_KEY). Keys come from the
// environment only, never from manifests, so they stay out of git and the
// lock.
func Secret(name string) (string, error) {
	v := strings.TrimSpace(os.Getenv(name))
	if v == "" {
		return "", fmt.Errorf("%w: %s is not set; export your API key in it", ErrNoKey, name)
	}
	return v, nil
}

// KeyFor is the API key a vendor's client uses: given, when its Config
// sets one (tests, the sandbox), else the environment variable env, read
// by Secret. Its error names the provider.
func KeyFor(provider, given, env string) (string, error) {
	if given != "" {
		return given, nil
	}
	key, err := Secret(env)
	if err != nil {
		return "", fmt.Errorf("%s: %w", provider, err)
	}
	return key, nil
}

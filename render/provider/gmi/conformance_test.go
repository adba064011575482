package gmi

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

func TestConformance(t *testing.T) {
	providertest.Run(t, func(t *testing.T, o provider.HTTPOptions) (provider.Provider, providertest.Fake) {
		f, c := start(t, fake.GMIOptions{}, o)
		return c, f
	})
}

// The same suite against the other error envelope the fake can produce,
// since GMI documents none.
func TestConformanceFlatErrors(t *testing.T) {
	providertest.Run(t, func(t *testing.T, o provider.HTTPOptions) (provider.Provider, providertest.Fake) {
		f, c := start(t, fake.GMIOptions{FlatErrors: true}, o)
		return c, f
	})
}

// start runs a GMI fake serving testdata/media when present and a client
// pointed at it.
func start(t *testing.T, fo fake.GMIOptions, o provider.HTTPOptions) (*fake.GMI, *Client) {
	t.Helper()
	if m, err := fake.LoadMedia("../../../testdata/media"); err == nil {
		fo.Media = m
	}
	f := fake.NewGMI(fo)
	t.Cleanup(f.Close)
	c, err := New(Config{BaseURL: f.BaseURL(), Key: f.Key(), HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

// quiet are HTTP options that never wait and never log.
func quiet() provider.HTTPOptions {
	return provider.HTTPOptions{
		Retry: provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
		Debug: &bytes.Buffer{},
	}
}

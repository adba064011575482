package fal

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

// TestConformance runs the suite against a fake that refuses polls on the
// endpoint's sub-path (fal-js#214), so passing it also shows the client
// polls only the app path.
func TestConformance(t *testing.T) {
	providertest.Run(t, func(t *testing.T, o provider.HTTPOptions) (provider.Provider, providertest.Fake) {
		f, c := start(t, fake.FalOptions{SubPathNotFound: true}, o)
		return c, f
	})
}

// start runs a fal fake serving testdata/media when present and a client
// pointed at it.
func start(t *testing.T, fo fake.FalOptions, o provider.HTTPOptions) (*fake.Fal, *Client) {
	t.Helper()
	if m, err := fake.LoadMedia("../../../testdata/media"); err == nil {
		fo.Media = m
	}
	f := fake.NewFal(fo)
	t.Cleanup(f.Close)
	return f, newClient(t, f, f.Key(), o)
}

func newClient(t *testing.T, f *fake.Fal, key string, o provider.HTTPOptions) *Client {
	t.Helper()
	c, err := New(Config{QueueURL: f.QueueURL(), RestURL: f.RestURL(), Key: key, HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// quiet are HTTP options that never wait and never log.
func quiet() provider.HTTPOptions {
	return provider.HTTPOptions{
		Retry: provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
		Debug: &bytes.Buffer{},
	}
}

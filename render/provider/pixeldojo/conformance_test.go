package pixeldojo

import (
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

func TestConformance(t *testing.T) {
	providertest.Run(t, func(t *testing.T, o provider.HTTPOptions) (provider.Provider, providertest.Fake) {
		f, c := start(t, fake.PixelDojoOptions{}, o)
		return c, f
	})
}

// The same suite against the envelope and output variants the fake can
// produce, since PixelDojo documents neither.
func TestConformanceVariants(t *testing.T) {
	providertest.Run(t, func(t *testing.T, o provider.HTTPOptions) (provider.Provider, providertest.Fake) {
		f, c := start(t, fake.PixelDojoOptions{FlatErrors: true, VideosArray: true}, o)
		return c, f
	})
}

// start runs a PixelDojo fake serving testdata/media when present and a
// client pointed at it.
func start(t *testing.T, fo fake.PixelDojoOptions, o provider.HTTPOptions) (*fake.PixelDojo, *Client) {
	t.Helper()
	if m, err := fake.LoadMedia("../../../testdata/media"); err == nil {
		fo.Media = m
	}
	f := fake.NewPixelDojo(fo)
	t.Cleanup(f.Close)
	c, err := New(Config{BaseURL: f.BaseURL(), Key: f.Key(), HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

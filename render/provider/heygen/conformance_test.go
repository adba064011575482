package heygen

import (
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

// Each API passes the shared suite against the HeyGen fake speaking it.
func TestConformance(t *testing.T) {
	for _, api := range []string{V3, V2, AV4} {
		t.Run(api, func(t *testing.T) {
			providertest.Run(t, func(t *testing.T, o provider.HTTPOptions) (provider.Provider, providertest.Fake) {
				f, c := start(t, fake.HeyGenOptions{API: api}, o)
				return c, f
			})
		})
	}
}

// start runs a HeyGen fake serving testdata/media when present and a
// client of the fake's API pointed at it.
func start(t *testing.T, fo fake.HeyGenOptions, o provider.HTTPOptions) (*fake.HeyGen, *Client) {
	t.Helper()
	if m, err := fake.LoadMedia("../../../testdata/media"); err == nil {
		fo.Media = m
	}
	f := fake.NewHeyGen(fo)
	t.Cleanup(f.Close)
	c, err := New(Config{API: f.API(), BaseURL: f.BaseURL(), UploadURL: f.UploadURL(), Key: f.Key(), HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	return f, c
}

package render_test

import (
	"errors"
	"os"
	"path/filepath"
	"slices"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/plan"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/registry"
)

// unsetKeys clears every provider's key for the test.
func unsetKeys(t *testing.T) {
	for _, v := range []string{"HEYGEN_API_KEY", "FAL_KEY", "PIXELDOJO_API_KEY", "GMI_API_KEY"} {
		t.Setenv(v, "")
	}
}

// video loads a one-video project rendered by provider (its api, if
// it has several), as reel.yaml and --provider would name them.
func video(t *testing.T, provider, api string) *manifest.Video {
	t.Helper()
	dir := t.TempDir()
	reel := "version: 1\nprovider: " + provider + "\n"
	if api != "" {
		reel += "providers: {" + provider + ": {api: " + api + "}}\n"
	}
	os.MkdirAll(filepath.Join(dir, "videos"), 0o755)
	os.WriteFile(filepath.Join(dir, "reel.yaml"), []byte(reel), 0o644)
	os.WriteFile(filepath.Join(dir, "videos", "a.yaml"), []byte("avatar: {id: a1}\nvoice: {id: v1}\nscenes: [{script: Hi.}]\n"), 0o644)
	p, err := manifest.LoadProject(dir)
	if err != nil {
		t.Fatal(err)
	}
	set, err := manifest.Load(p, manifest.Options{Providers: registry.Manifest()})
	if err != nil || len(set.Errors) > 0 || len(set.Videos) != 1 {
		t.Fatalf("%v %v", err, set.Errors)
	}
	return set.Videos[0]
}

// A plan needs the key of every provider it calls: a create's, a free
// download's (from the render it fetches) and a resumed job's; an up to
// date video, an orphan and the sandbox need none. Each variable is named
// once, whatever the number of videos that need it.
func TestCheckKeys(t *testing.T) {
	heygenCreate := plan.Action{ID: "a", Kind: plan.Create, Video: video(t, "heygen", "v3")}
	cases := []struct {
		name    string
		actions []plan.Action
		set     map[string]string
		want    []string
	}{
		{"nothing to do", []plan.Action{
			{ID: "a", Kind: plan.OK, Video: video(t, "heygen", "v3")},
			{ID: "b", Kind: plan.Orphan, Entry: &lock.Entry{Provider: "fal"}},
		}, nil, nil},
		{"sandbox", []plan.Action{{ID: "a", Kind: plan.Create, Video: video(t, "sandbox", "")}}, nil, nil},
		{"two creates, one key", []plan.Action{heygenCreate,
			{ID: "b", Kind: plan.Render, Video: video(t, "heygen", "v2")},
		}, nil, []string{"HEYGEN_API_KEY"}},
		{"a download and a resume", []plan.Action{
			{ID: "a", Kind: plan.Download, Video: video(t, "heygen", "v3"), From: &lock.Render{Provider: "fal"}},
			{ID: "b", Kind: plan.Resume, Entry: &lock.Entry{Provider: "pixeldojo"}},
		}, nil, []string{"FAL_KEY", "PIXELDOJO_API_KEY"}},
		{"gmi, by its model", []plan.Action{
			{ID: "a", Kind: plan.Create, Video: video(t, "gmi", "")},
			{ID: "b", Kind: plan.Resume, Entry: &lock.Entry{Provider: "gmi/another-model"}},
		}, nil, []string{"GMI_API_KEY"}},
		{"set", []plan.Action{heygenCreate}, map[string]string{"HEYGEN_API_KEY": "k-0123456789"}, nil},
		{"blank is not set", []plan.Action{heygenCreate}, map[string]string{"HEYGEN_API_KEY": "  \n"}, []string{"HEYGEN_API_KEY"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			unsetKeys(t)
			for k, v := range c.set {
				t.Setenv(k, v)
			}
			err := render.CheckKeys(&plan.Plan{Actions: c.actions})
			var missing *render.MissingKeysError
			switch {
			case c.want == nil && err != nil:
				t.Fatalf("CheckKeys: %v; want nil", err)
			case c.want == nil:
			case !errors.As(err, &missing) || !errors.Is(err, provider.ErrNoKey):
				t.Fatalf("CheckKeys: %v; want a *MissingKeysError", err)
			case !slices.Equal(missing.Vars, c.want):
				t.Fatalf("missing %q; want %q", missing.Vars, c.want)
			}
		})
	}
}

// The message names each variable once and says what to do.
func TestMissingKeysMessage(t *testing.T) {
	unsetKeys(t)
	err := render.MissingKeys("heygen/v3", "heygen", "fal", "sandbox")
	want := "FAL_KEY and HEYGEN_API_KEY are not set: export your API keys in them (or try reel without one: --provider sandbox); nothing was sent"
	if err == nil || err.Error() != want {
		t.Errorf("got %v\nwant %s", err, want)
	}
}

package sandbox_test

import (
	"context"
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/registry"
	"github.com/reel-dev/reel/render/provider/sandbox"
)

// TestExamplesRenderInTheSandbox does what `reel render --sandbox` will:
// for every example video, open the fake of its own provider and API,
// upload its local files, put the returned ids where the body has their
// refs, submit, and see it complete. The examples' ids are in the
// sandbox's catalog.
func TestExamplesRenderInTheSandbox(t *testing.T) {
	t.Parallel()
	p, err := manifest.LoadProject(filepath.Join("..", "..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	on := true
	set, err := manifest.Load(p, manifest.Options{Providers: registry.Manifest(), Sandbox: &on})
	if err != nil || len(set.Errors) > 0 || len(set.Videos) < 3 {
		t.Fatalf("examples: %v %v (%d videos)", err, set.Errors, len(set.Videos))
	}
	clock := fake.NewManualClock(fake.Epoch)
	sb, err := sandbox.StartInOn(t.TempDir(), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	ctx := context.Background()
	ids := map[string]string{}
	apis := map[string]bool{}
	prs := map[string]provider.Provider{}
	for _, v := range set.Videos {
		real := registry.Real(v.ProviderName())
		pr, err := sb.Open(real)
		if err != nil {
			t.Fatal(err)
		}
		if want := "sandbox:" + real; !v.Sandbox || pr.Name() != want {
			t.Fatalf("%s: sandbox %v, provider %s, want %s", v.ID, v.Sandbox, pr.Name(), want)
		}
		prs[v.ID], apis[real] = pr, true
		body, _ := json.Marshal(v.Request.Body())
		for _, a := range v.Request.Assets {
			id, err := pr.Upload(ctx, provider.Asset{Ref: a.Ref, Path: a.Path, MIME: a.MIME, Size: a.Size})
			if err != nil {
				t.Fatalf("%s: upload %s: %v", v.ID, a.Path, err)
			}
			body = []byte(strings.ReplaceAll(string(body), `"`+a.Ref+`"`, `"`+id+`"`))
		}
		job, err := pr.Submit(ctx, provider.Submission{Key: v.Request.Key, Body: body})
		id := job.ID
		if err != nil {
			t.Fatalf("%s: %v\n%s", v.ID, err, body)
		}
		ids[v.ID] = id
	}
	clock.Advance(sandbox.Timeline.Queued + sandbox.Timeline.Processing)
	if !apis["heygen/v3"] || !apis["fal"] {
		t.Fatalf("the examples render with %v, want HeyGen v3 and fal", apis)
	}
	for vid, id := range ids {
		st, err := prs[vid].Status(ctx, id)
		if err != nil || st[0].State != provider.Completed {
			t.Errorf("%s: %+v %v", vid, st, err)
		}
	}
}

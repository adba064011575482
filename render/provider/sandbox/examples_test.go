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
	"github.com/reel-dev/reel/render/provider/sandbox"
)

// TestExamplesRenderInTheSandbox does what `reel render --provider
// sandbox` will: for every example video, upload its local files, put the
// returned ids where the body has their refs, submit, and see it complete.
func TestExamplesRenderInTheSandbox(t *testing.T) {
	t.Parallel()
	p, err := manifest.LoadProject(filepath.Join("..", "..", "..", "examples"))
	if err != nil {
		t.Fatal(err)
	}
	set, err := manifest.Load(p, manifest.Options{Provider: "sandbox"})
	if err != nil || len(set.Errors) > 0 || len(set.Videos) < 3 {
		t.Fatalf("examples: %v %v (%d videos)", err, set.Errors, len(set.Videos))
	}
	clock := fake.NewManualClock(fake.Epoch)
	sb, err := sandbox.StartInOn(t.TempDir(), clock)
	if err != nil {
		t.Fatal(err)
	}
	defer sb.Close()
	pr := sb.Provider()
	ctx := context.Background()
	ids := map[string]string{}
	for _, v := range set.Videos {
		if v.API != "v3" {
			t.Fatalf("%s: api %s in the sandbox", v.ID, v.API)
		}
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
	for vid, id := range ids {
		st, err := pr.Status(ctx, id)
		if err != nil || st[0].State != provider.Completed {
			t.Errorf("%s: %+v %v", vid, st, err)
		}
	}
}

package sandbox

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

func start(t *testing.T) *Sandbox {
	t.Helper()
	return startIn(t, t.TempDir())
}

// clocks holds the manual clock of each test: the sandboxes a test starts
// share it, as the sandboxes of one machine share the wall clock.
var clocks sync.Map // *testing.T → *fake.ManualClock

func clockOf(t *testing.T) *fake.ManualClock {
	c, _ := clocks.LoadOrStore(t, fake.NewManualClock(fake.Epoch))
	return c.(*fake.ManualClock)
}

// startIn starts a sandbox with its state in dir, on the test's manual
// clock, closed when the test ends (Close may also be called before).
func startIn(t *testing.T, dir string) *Sandbox {
	t.Helper()
	sb, err := startOn(dir, clockOf(t))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(sb.Close)
	return sb
}

// render submits body and polls until the video is done.
func render(t *testing.T, p provider.Provider, key, body string) provider.Media {
	t.Helper()
	job, err := p.Submit(context.Background(), provider.Submission{Key: key, Body: []byte(body)})
	if err != nil {
		t.Fatal(err)
	}
	return await(t, p, job.ID)
}

// await polls a job until it is done, moving the test's clock between
// polls, expects to have seen it wait, and returns its result.
func await(t *testing.T, p provider.Provider, id string) provider.Media {
	t.Helper()
	ctx := context.Background()
	var seen []provider.State
	for range 100 {
		sts, err := p.Status(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		if len(seen) == 0 || seen[len(seen)-1] != sts[0].State {
			seen = append(seen, sts[0].State)
		}
		if sts[0].State.Done() {
			break
		}
		clockOf(t).Advance(100 * time.Millisecond)
	}
	if len(seen) < 2 || seen[len(seen)-1] != provider.Completed {
		t.Fatalf("states %v, want waiting through to completed", seen)
	}
	m, err := p.Result(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// Submit, poll, complete, download: the bytes are the embedded clip of the
// request's aspect ratio, or the WebM when WebM was asked for.
func TestSandboxRendersTheEmbeddedClip(t *testing.T) {
	t.Parallel()
	p := start(t).Provider()
	if p.Name() != "sandbox:heygen/v3" {
		t.Fatalf("Name() = %q", p.Name())
	}
	clips, _ := Media()
	for _, tc := range []struct{ key, body, clip string }{
		{"a1", `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Hi, I'm Anna.","voice_id":"1bd001e7e50f421d891986aad5158bc8","aspect_ratio":"9:16"}`, "9x16.mp4"},
		{"b2", `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Hi.","aspect_ratio":"1:1"}`, "1x1.mp4"},
		{"c3", `{"type":"avatar","avatar_id":"Angela-inTshirt-20220820","script":"Hi.","aspect_ratio":"9:16","output_format":"webm"}`, "9x16.webm"},
	} {
		t.Run(tc.clip, func(t *testing.T) {
			t.Parallel()
			m := render(t, start(t).Provider(), tc.key, tc.body) // a sandbox on this test's clock
			var buf bytes.Buffer
			if _, err := provider.Download(context.Background(), nil, m.VideoURL, &buf); err != nil {
				t.Fatal(err)
			}
			if !bytes.Equal(buf.Bytes(), clips[tc.clip]) {
				t.Fatalf("downloaded %d bytes, not the embedded %s", buf.Len(), tc.clip)
			}
			if strings.HasSuffix(tc.clip, ".mp4") && string(buf.Bytes()[4:8]) != "ftyp" {
				t.Fatal("no ftyp box")
			}
		})
	}
}

func TestSandboxNeedsNoKeyAndHasACatalog(t *testing.T) {
	t.Setenv("HEYGEN_API_KEY", "")
	cat, ok := start(t).Provider().(provider.Catalog)
	if !ok {
		t.Fatal("the sandbox provider is not a Catalog")
	}
	vs, err := cat.Voices(context.Background())
	if err != nil || len(vs) == 0 {
		t.Fatalf("voices %v %v", vs, err)
	}
	if clips, _ := Media(); len(clips) != 4 || clips["16x9.mp4"] == nil || clips["9x16.webm"] == nil {
		t.Fatalf("embedded clips %d", len(clips))
	}
}

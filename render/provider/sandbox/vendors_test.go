package sandbox

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// Each API has its own fake, named for the lock as the sandbox's: a fal or
// PixelDojo job taken by one sandbox is served, rendered, by the next one
// started in the same folder, from that fake's own state file.
func TestSandboxKeepsFalAndPixelDojoJobsAcrossARestart(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ real, file, body string }{
		{"fal", "fal.json", `{"image_url":"https://example.com/anna.png","prompt":"Hi.","voice":"Melissa","aspect_ratio":"9:16"}`},
		{"pixeldojo", "pixeldojo.json", `{"image":"https://example.com/anna.png","prompt":"Hi.","voice":"Ivy","aspect_ratio":"9:16"}`},
	} {
		t.Run(tc.real, func(t *testing.T) {
			t.Parallel()
			dir := t.TempDir()
			a := startIn(t, dir)
			p, err := a.Open(tc.real)
			if err != nil {
				t.Fatal(err)
			}
			if p.Name() != "sandbox:"+tc.real {
				t.Fatalf("Name() = %q", p.Name())
			}
			job, err := p.Submit(context.Background(), provider.Submission{Key: "k", Body: []byte(tc.body)})
			if err != nil {
				t.Fatal(err)
			}
			a.Close()
			if _, err := os.Stat(filepath.Join(dir, tc.file)); err != nil {
				t.Fatalf("no state file for %s: %v", tc.real, err)
			}

			b := startIn(t, dir)
			q, err := b.Open(tc.real)
			if err != nil {
				t.Fatal(err)
			}
			download(t, await(t, q, job.ID), "9x16.mp4")
			if err := b.Err(); err != nil {
				t.Fatal(err)
			}
		})
	}
}

// An id the real API would refuse is refused by its fake, in the API's
// words, before any job is made; a name the resellers lack likewise.
func TestSandboxRefusesWhatItsCatalogLacks(t *testing.T) {
	t.Parallel()
	sb := start(t)
	ctx := context.Background()
	for _, tc := range []struct{ real, body, want string }{
		{"heygen/v3", `{"type":"avatar","avatar_id":"No-Such-Avatar","script":"Hi.","voice_id":"1bd001e7e50f421d891986aad5158bc8"}`,
			"Avatar No-Such-Avatar not found or no longer available."},
		{"heygen/v2", `{"video_inputs":[{"character":{"type":"avatar","avatar_id":"Angela-inTshirt-20220820"},"voice":{"type":"text","voice_id":"nosuchvoice","input_text":"Hi."}}]}`,
			"Voice nosuchvoice not found or no longer available."},
		{"fal", `{"image_url":"https://example.com/anna.png","prompt":"Hi.","voice":"Nobody"}`, "Input should be 'Ivy', 'Melissa'"},
		{"pixeldojo", `{"image":"https://example.com/anna.png","prompt":"Hi.","voice":"Nobody"}`, `voice "Nobody" is not one of the available voices`},
	} {
		p, err := sb.Open(tc.real)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := p.Submit(ctx, provider.Submission{Key: "k-" + tc.real, Body: []byte(tc.body)}); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want %q", tc.real, err, tc.want)
		}
	}
	if n := len(sb.server("heygen").Jobs()); n != 0 {
		t.Fatalf("%d HeyGen jobs made", n)
	}
}

// The resellers list nothing, as their APIs cannot; they say which voice
// names the sandbox takes.
func TestSandboxResellersSayWhatVoicesTheyTake(t *testing.T) {
	t.Parallel()
	p, err := start(t).Open("fal")
	if err != nil {
		t.Fatal(err)
	}
	_, err = p.(provider.Catalog).Voices(context.Background())
	if err == nil || !strings.Contains(err.Error(), "fal has no API to list voices") || !strings.Contains(err.Error(), "Melissa") {
		t.Fatalf("fal voices: %v", err)
	}
}

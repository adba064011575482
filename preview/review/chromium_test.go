package review

import (
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/preview"
	"github.com/reel-dev/reel/preview/internal/cdp"
	"github.com/reel-dev/reel/preview/internal/needtool"
)

// hostile is text a branch could put in a script: the page must show it,
// never run it.
const hostile = `<script>window.pwned = 1</script><img src=x onerror="window.pwned = 2"> & "quoted"`

// samplePage is a plan of three videos: one with a fresh draft, two with
// rendered outputs (an MP4 and a WebM).
func samplePage(t *testing.T) (Page, preview.Result) {
	t.Helper()
	draft, err := preview.Make(context.Background(), preview.Draft{
		Key: strings.Repeat("ab", 32), Width: 320, Height: 180, Captions: preview.BurnInCaptions,
		Background: preview.Background{Color: "#0A2540"}, Avatar: preview.Avatar{ID: "Anna_public_3_20240108"},
		Scenes: []preview.Scene{{Script: "Hi, I'm Anna from Acme."}, {Silence: 0.5}},
	}, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	return Page{Title: "acme-videos: review of main...feature", Videos: []Video{
		{ID: "onboarding/welcome", Action: "create", Reason: "new video", Media: draft.Path, MediaKind: Draft,
			Scenes:  []Scene{{Script: "Hi, I'm Anna from Acme."}, {Other: "silence: 0.5 s"}},
			Changes: []Change{{Field: "scenes[0].script", New: hostile}},
			Cost:    Cost{Seconds: draft.Seconds, Measured: true, Credits: 3, USD: 3}},
		{ID: "shorts/launch@es", Action: "re-render", Media: "../../testdata/media/9x16.mp4", MediaKind: Rendered,
			Scenes:  []Scene{{Script: "Llega Acme dos punto cero."}},
			Changes: []Change{{Field: "voice.id", Old: "1bd001e7e50f421d891986aad5158bc8", New: "2d5b0e6cf36f460aa7fc47e3eee4ba54"}},
			Cost:    Cost{Seconds: 64, Credits: 9, USD: 9}},
		{ID: "social/teaser", Action: "re-render", Media: "../../testdata/media/9x16.webm", MediaKind: Rendered,
			Scenes:  []Scene{{Other: "audio: pricing.wav"}},
			Changes: []Change{{Field: "background.color", Old: "#FFFFFF", New: "#0A2540"}},
			Cost:    Cost{Seconds: 1.5, Credits: 3, USD: 3}},
	}}, draft
}

type player struct {
	Src        string   `json:"src"`
	ReadyState int      `json:"readyState"`
	Duration   *float64 `json:"duration"` // NaN arrives as null
	Error      int      `json:"error"`
}

// playersLoaded waits for every <video> to load its metadata or fail,
// and says how each stands.
const playersLoaded = `Promise.all([...document.querySelectorAll("video")].map(v => new Promise(done => {
  const say = () => done({src: v.getAttribute("src"), readyState: v.readyState, duration: v.duration, error: v.error ? v.error.code : 0});
  if (v.readyState >= 1 || v.error) return say();
  v.addEventListener("loadedmetadata", say);
  v.addEventListener("error", say);
  setTimeout(say, 30000);
})))`

// TestReviewPageInChromium opens the review page from disk, as a CI
// artifact is opened, in headless Chromium: every player loads its video,
// the text shows each video's changes (a script's markup as text, never
// run), and a screenshot is kept in the test's artifacts.
func TestReviewPageInChromium(t *testing.T) {
	needtool.Need(t, "espeak-ng", "ffmpeg", "ffprobe")
	chromium := needtool.Need(t, "chromium")[0]
	page, draft := samplePage(t)
	written := filepath.Join(t.TempDir(), "review")
	if err := Write(written, page); err != nil {
		t.Fatal(err)
	}
	// the folder stands alone: moved elsewhere, as an artifact is, with
	// the draft it was made from gone
	dir := filepath.Join(t.TempDir(), "artifact")
	if err := os.Rename(written, dir); err != nil {
		t.Fatal(err)
	}
	os.Remove(draft.Path)

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	b, err := cdp.Launch(ctx, chromium, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	p, err := b.Open(ctx, "file://"+filepath.Join(dir, "index.html"), 1280, 900)
	if err != nil {
		t.Fatal(err)
	}
	var players []player
	if err := p.Eval(ctx, playersLoaded, &players); err != nil {
		t.Fatal(err)
	}
	if len(players) != len(page.Videos) {
		t.Errorf("the page has %d players, want %d", len(players), len(page.Videos))
	}
	for _, pl := range players {
		if pl.ReadyState < 1 || pl.Duration == nil || *pl.Duration <= 0 || pl.Error != 0 {
			t.Errorf("player of %s: readyState %d, duration %v, error %d; want it loaded", pl.Src, pl.ReadyState, pl.Duration, pl.Error)
		}
	}
	if len(players) > 0 && players[0].Duration != nil && math.Abs(*players[0].Duration-draft.Seconds) > 0.2 {
		t.Errorf("the draft plays %.2fs in the page; Make measured %.2fs", *players[0].Duration, draft.Seconds)
	}
	var text string
	if err := p.Eval(ctx, "document.body.innerText", &text); err != nil {
		t.Fatal(err)
	}
	for _, v := range page.Videos {
		for _, want := range append([]string{v.ID, v.Action}, changeWords(v)...) {
			if !strings.Contains(text, want) {
				t.Errorf("the page does not show %q", want)
			}
		}
	}
	for _, want := range []string{"3 videos to render", "$15.00", "15 credits"} {
		if !strings.Contains(text, want) {
			t.Errorf("the totals do not show %q", want)
		}
	}
	var pwned any
	if err := p.Eval(ctx, "window.pwned === undefined ? null : window.pwned", &pwned); err != nil || pwned != nil {
		t.Errorf("markup in a change ran: window.pwned = %v (%v)", pwned, err)
	}
	shot, err := p.Screenshot(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.ArtifactDir(), "review.png")
	if err := os.WriteFile(out, shot, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshot: %s", out)
}

func changeWords(v Video) []string {
	var w []string
	for _, c := range v.Changes {
		w = append(w, c.Field, c.New)
		if c.Old != "" {
			w = append(w, c.Old)
		}
	}
	return w
}

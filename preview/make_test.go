package preview

import (
	"context"
	"math"
	"os"
	"os/exec"
	"strconv"
	"testing"

	"github.com/reel-dev/reel/preview/internal/needtool"
)

func tools(t *testing.T) *Tools {
	t.Helper()
	needtool.Need(t, "espeak-ng", "ffmpeg", "ffprobe")
	tl, err := FindTools()
	if err != nil {
		t.Fatal(err)
	}
	return tl
}

// spoken is how long espeak-ng says text in this voice, measured here by
// ffprobe of its own WAV: the length a draft's speech must have.
func spoken(t *testing.T, text, voice string, speed float64) float64 {
	t.Helper()
	wav := t.TempDir() + "/s.wav"
	out, err := exec.Command("espeak-ng", "-v", voice, "-s", strconv.Itoa(int(espeakRate*speed)), "-w", wav, text).CombinedOutput()
	if err != nil {
		t.Fatalf("espeak-ng: %v: %s", err, out)
	}
	return probe(t, wav).Seconds
}

func probe(t *testing.T, path string) Probe {
	t.Helper()
	p, err := tools(t).Probe(context.Background(), path)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

// TestDrafts makes drafts of a few videos and checks each as a person
// would with ffprobe: a picture and a sound, the size asked for, and as
// long as its speech, audio files and silences (within 10%).
func TestDrafts(t *testing.T) {
	tl := tools(t)
	tone, portrait, backdrop := assets(t)
	const en = "Hi, I'm Anna from Acme. Invoices are faster now, and customers are happier."
	const es = "Llega Acme dos punto cero. Facturas más rápidas, clientes más felices."
	cases := []struct {
		name string
		d    Draft
		want func(t *testing.T) float64
	}{
		{"16:9 script, audio, silence, image avatar, colour", Draft{
			Key: key('a'), Width: 384, Height: 216, Captions: BurnInCaptions,
			Scenes: []Scene{{Script: en}, {Audio: tone}, {Silence: 0.8}},
			Avatar: Avatar{Image: portrait}, Background: Background{Color: "#0A2540"},
		}, func(t *testing.T) float64 { return spoken(t, en, "en-us", 1) + 1.2 + 0.8 }},
		{"9:16 Spanish at 1.2, avatar card, image background", Draft{
			Key: key('b'), Width: 216, Height: 384, Captions: BurnInCaptions,
			Scenes: []Scene{{Script: es, Voice: Voice{Locale: "es-ES", Speed: 1.2}}, {Silence: 0.5}},
			Avatar: Avatar{ID: "Anna_public_3_20240108"}, Background: Background{Image: backdrop},
		}, func(t *testing.T) float64 { return spoken(t, es, "es", 1.2) + 0.5 }},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			r, err := tl.Make(context.Background(), c.d, dir)
			if err != nil {
				t.Fatal(err)
			}
			p := probe(t, r.Path)
			if !p.Video || !p.Audio {
				t.Errorf("draft has video %v, audio %v: want both", p.Video, p.Audio)
			}
			if p.Width != c.d.Width || p.Height != c.d.Height {
				t.Errorf("draft is %dx%d, want %dx%d", p.Width, p.Height, c.d.Width, c.d.Height)
			}
			want := c.want(t)
			if math.Abs(p.Seconds-want) > want/10 {
				t.Errorf("draft plays %.2fs; its speech, audio and silences take %.2fs", p.Seconds, want)
			}
			if math.Abs(r.Seconds-p.Seconds) > want/10 {
				t.Errorf("Make measured %.2fs; the draft plays %.2fs", r.Seconds, p.Seconds)
			}
			if len(r.Scenes) != len(c.d.Scenes) {
				t.Errorf("Make measured %d scenes, want %d", len(r.Scenes), len(c.d.Scenes))
			}
		})
	}
}

// TestDraftKeptByKey: a second Make of the same key runs no tool and
// leaves the draft as it was; a changed key makes a new draft.
func TestDraftKeptByKey(t *testing.T) {
	tl := tools(t)
	runs := 0
	tl.Run = func(c *exec.Cmd) error { runs++; return c.Run() }
	dir := t.TempDir()
	d := Draft{Key: key('c'), Width: 64, Height: 36, Scenes: []Scene{{Script: "One."}}}
	first, err := tl.Make(context.Background(), d, dir)
	if err != nil || !first.Built {
		t.Fatalf("first Make: built %v, %v", first.Built, err)
	}
	st, _ := os.Stat(first.Path)
	runs = 0
	again, err := tl.Make(context.Background(), d, dir)
	if err != nil {
		t.Fatal(err)
	}
	if runs != 0 || again.Built {
		t.Errorf("second Make of an unchanged draft ran %d tools (built %v), want none", runs, again.Built)
	}
	if st2, _ := os.Stat(again.Path); !os.SameFile(st, st2) || !st.ModTime().Equal(st2.ModTime()) {
		t.Errorf("second Make replaced the draft")
	}
	if again.Seconds != first.Seconds {
		t.Errorf("second Make says %.3fs, first said %.3fs", again.Seconds, first.Seconds)
	}
	d.Key, d.Scenes[0].Script = key('d'), "One, two."
	changed, err := tl.Make(context.Background(), d, dir)
	if err != nil || !changed.Built || runs == 0 {
		t.Errorf("Make of a changed video: built %v after %d runs, %v; want a new draft", changed.Built, runs, err)
	}
	if changed.Path == first.Path {
		t.Errorf("a changed video's draft is at %s, the old one's path", changed.Path)
	}
}

package preview

import (
	"bytes"
	"math"
	"path/filepath"
	"strings"
	"testing"
)

func TestASSText(t *testing.T) {
	for in, want := range map[string]string{
		"plain words":           "plain words",
		"{\\b1}bold{\\b0}":      `\{\b1\}bold\{\b0\}`,
		"line\\Nbreak \\h":      "line\\" + wordJoiner + "Nbreak \\" + wordJoiner + "h",
		"two\nlines\r\tand\x00": "two lines  and",
		"a\\{b":                 "a\\" + wordJoiner + "\\{b",
		"a\\b ends \\":          "a\\b ends \\",
	} {
		if got := assText(in); got != want {
			t.Errorf("assText(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestPickVoice(t *testing.T) {
	voices := map[string]bool{"en-us": true, "en-gb": true, "es": true, "es-419": true, "fr-fr": true, "fr-be": true, "pt-br": true, "pt": true}
	for locale, want := range map[string]string{
		"": "en-us", "en-US": "en-us", "en-GB": "en-gb", "es-MX": "es", "es": "es",
		"fr": "fr-be", "pt-BR": "pt-br", "zu": "en-us", "en-US-x-y": "en-us",
	} {
		if got := pickVoice(voices, locale); got != want {
			t.Errorf("pickVoice(%q) = %q, want %q", locale, got, want)
		}
	}
}

func TestPhrases(t *testing.T) {
	got := phrasesOf("Hi, I'm Anna. Acme makes invoices faster for every team that sends them, every day.")
	want := []string{"Hi, I'm Anna.", "Acme makes invoices faster for every team", "that sends them, every day."}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("phrases %q, want %q", got, want)
	}
	cues := captionCues([]Scene{{Silence: 1}, {Script: "one two. three four five six"}}, spans([]float64{1, 3}))
	if len(cues) != 2 || cues[0].start != 1 || math.Abs(cues[1].end-4) > 1e-9 || cues[1].start <= cues[0].start {
		t.Errorf("cues %+v: want two, from 1s to 4s in order", cues)
	}
}

// TestWAVSeconds: the length read from a WAV's header is ffprobe's.
func TestWAVSeconds(t *testing.T) {
	path := filepath.Join(t.TempDir(), "t.wav")
	writeTone(t, path, 1.7)
	got, err := wavSeconds(path)
	if err != nil || math.Abs(got-1.7) > 0.001 {
		t.Fatalf("wavSeconds = %v, %v; want 1.7", got, err)
	}
	if p := probe(t, path); math.Abs(p.Seconds-got) > 0.01 {
		t.Errorf("ffprobe says %.3fs, the header %.3fs", p.Seconds, got)
	}
	if _, err := readWAVSeconds(bytes.NewReader([]byte("RIFF\x00\x00\x00\x00WAVEdata")), 16); err == nil {
		t.Error("a cut WAV has a length")
	}
}

package preview

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// espeakRate is espeak-ng's words a minute at voice speed 1: the pace
// reel's estimates assume of a provider's voice (espeak-ng's own default
// is faster), so that a draft's length differs from the words-a-minute
// guess only by what the text itself does: its pauses, its long words,
// its numbers.
const espeakRate = 150

// speak has espeak-ng say a scene's script into name (a WAV file in dir)
// and returns how long it speaks.
func (t *Tools) speak(ctx context.Context, dir, name string, s Scene, i int) (float64, error) {
	voice, err := t.espeakVoice(ctx, s.Voice.Locale)
	if err != nil {
		return 0, err
	}
	text := name + ".txt"
	if err := os.WriteFile(filepath.Join(dir, text), []byte(s.Script), 0o600); err != nil {
		return 0, err
	}
	doing := fmt.Sprintf("speaking scene %d", i+1)
	if _, err := t.run(ctx, doing, dir, t.Espeak, "-v", voice, "-s", strconv.Itoa(rate(s.Voice.Speed)), "-f", text, "-w", name); err != nil {
		return 0, err
	}
	return wavSeconds(filepath.Join(dir, name))
}

// rate is espeak-ng's words a minute for a voice speed, within what
// espeak-ng can say.
func rate(speed float64) int {
	if speed == 0 {
		speed = 1
	}
	return int(math.Round(min(max(espeakRate*speed, 80), 450)))
}

// espeakVoice is the espeak-ng voice for a BCP 47 locale: the voice of
// that name (en-us, pt-br), else of a shorter tag (es for es-MX), else the
// first regional voice of the language (fr-fr for fr), else American
// English, which is also the voice of no locale.
func (t *Tools) espeakVoice(ctx context.Context, locale string) (string, error) {
	t.voicesOnce.Do(func() { t.voices, t.voicesErr = t.listVoices(ctx) })
	if t.voicesErr != nil {
		return "", t.voicesErr
	}
	return pickVoice(t.voices, locale), nil
}

func pickVoice(voices map[string]bool, locale string) string {
	tag := strings.ToLower(locale)
	for tag != "" {
		if voices[tag] {
			return tag
		}
		i := strings.LastIndexByte(tag, '-')
		if i < 0 {
			break
		}
		tag = tag[:i]
	}
	if tag != "" {
		var regional []string
		for v := range voices {
			if strings.HasPrefix(v, tag+"-") {
				regional = append(regional, v)
			}
		}
		if len(regional) > 0 {
			return minString(regional)
		}
	}
	return "en-us"
}

func minString(list []string) string {
	m := list[0]
	for _, s := range list[1:] {
		m = min(m, s)
	}
	return m
}

// listVoices reads espeak-ng --voices: a header line, then one voice a
// line whose second column is its language name.
func (t *Tools) listVoices(ctx context.Context) (map[string]bool, error) {
	out, err := t.run(ctx, "listing its voices", "", t.Espeak, "--voices")
	if err != nil {
		return nil, err
	}
	voices := map[string]bool{}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) >= 2 && f[0] != "Pty" {
			voices[strings.ToLower(f[1])] = true
		}
	}
	return voices, nil
}

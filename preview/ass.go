package preview

import (
	"fmt"
	"io"
	"math"
	"strings"
)

// assFile writes the draft's text as an Advanced SubStation script for
// ffmpeg's ass filter (libass): the burned-in captions, and the card
// naming the avatar when there is no image of it. Text goes through a
// file, never through ffmpeg's command line or filter graph, so no
// script can change what ffmpeg does.
func assFile(w io.Writer, d Draft, cues []cue, card string, total float64) error {
	short := float64(min(d.Width, d.Height))
	p := d.CaptionPlace.orDefault(d.Width, d.Height)
	side := int(math.Round(float64(d.Width) * (1 - p.Width) / 2))
	fs := int(math.Round(p.Size * short))
	_, err := fmt.Fprintf(w, `[Script Info]
ScriptType: v4.00+
PlayResX: %d
PlayResY: %d
WrapStyle: 0
ScaledBorderAndShadow: yes

[V4+ Styles]
Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding
Style: Caption,DejaVu Sans,%d,&H00FFFFFF,&H00FFFFFF,&H60000000,&H00000000,0,0,0,0,100,100,0,0,3,%d,0,2,%d,%d,%d,1
Style: Card,DejaVu Sans,%d,&H00FFFFFF,&H00FFFFFF,&H30402A1A,&H00000000,1,0,0,0,100,100,0,0,3,%d,0,5,%d,%d,0,1

[Events]
Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text
`, d.Width, d.Height,
		fs, max(fs/5, 1), side, side, int(math.Round(p.Margin*float64(d.Height)))+timelineHeight(d.Height),
		int(math.Round(0.06*short)), int(math.Round(0.035*short)), side, side)
	if err != nil {
		return err
	}
	if card != "" {
		if err := dialogue(w, 0, total, "Card", card); err != nil {
			return err
		}
	}
	for _, c := range cues {
		if err := dialogue(w, c.start, c.end, "Caption", assText(c.text)); err != nil {
			return err
		}
	}
	return nil
}

func dialogue(w io.Writer, start, end float64, style, text string) error {
	_, err := fmt.Fprintf(w, "Dialogue: 0,%s,%s,%s,,0,0,0,,%s\n", assTime(start), assTime(end), style, text)
	return err
}

// assTime is seconds as ASS writes a time: h:mm:ss.cc.
func assTime(secs float64) string {
	cs := int64(math.Round(secs * 100))
	return fmt.Sprintf("%d:%02d:%02d.%02d", cs/360000, cs/6000%60, cs/100%60, cs%100)
}

// wordJoiner is an invisible character put after a backslash that would
// otherwise start one of libass's escapes (\N, \n, \h, \{, \}): libass has
// no escape for a backslash itself.
const wordJoiner = "\u2060"

// assText is text as libass shows it literally: braces escaped (a brace
// would start override tags), a backslash kept from starting an escape,
// and line breaks and tabs made spaces (a line break ends the event).
func assText(s string) string {
	var b strings.Builder
	for i, r := range s {
		switch r {
		case '{', '}':
			b.WriteByte('\\')
			b.WriteRune(r)
		case '\\':
			b.WriteRune(r)
			if next := s[i+1:]; next != "" && strings.ContainsRune("Nnh{}", rune(next[0])) {
				b.WriteString(wordJoiner)
			}
		case '\n', '\r', '\t', '\v', '\f', '\u2028', '\u2029', '\u0085':
			b.WriteByte(' ')
		default:
			if r < 0x20 || r == 0x7f {
				continue
			}
			b.WriteRune(r)
		}
	}
	return b.String()
}

// cardText is the card shown where a draft has no image of its avatar:
// the avatar's id, on two lines.
func cardText(id string) string {
	if id == "" {
		return "avatar"
	}
	return `avatar\N` + assText(id)
}

package fake

import (
	"bytes"
	"encoding/json"
	"strconv"
)

// gmiCheck validates a heygen-avatar-4 payload as seed 002 documents it
// and returns the media its aspect renders to ("16x9") and every problem.
// The seed's field tables are HeyGen v2's generate body; what they leave
// out is read as HeyGen documents it for v2 (inferred): a talking photo's
// talking_photo_id, an audio voice's audio_url or audio_asset_id, a
// silence's duration, a background. duration at the top is the newer
// page's billing estimate. Anything else is refused, so a misspelt field
// fails in tests.
func gmiCheck(payload []byte) (aspect string, problems []string) {
	var in map[string]any
	dec := json.NewDecoder(bytes.NewReader(payload))
	if dec.Decode(&in) != nil || in == nil {
		return "", []string{"payload must be a JSON object"}
	}
	c := &heygenCheck{}
	c.known("", in, "video_inputs", "dimension", "caption", "title", "duration")
	inputs, ok := in["video_inputs"].([]any)
	switch {
	case in["video_inputs"] == nil:
		c.failf("video_inputs", "Field required")
	case !ok || len(inputs) == 0:
		c.failf("video_inputs", "must be a non-empty array")
	}
	for i, raw := range inputs {
		p := "video_inputs." + strconv.Itoa(i)
		input, ok := raw.(map[string]any)
		if !ok {
			c.failf(p, "must be an object")
			continue
		}
		c.known(p, input, "character", "voice", "background")
		gmiCharacter(c, p+".character", c.object(p, input, "character", true))
		gmiVoice(c, p+".voice", c.object(p, input, "voice", true))
		heygenV2Background(c, p+".background", c.object(p, input, "background", false))
	}
	c.boolean("", in, "caption")
	c.str("", in, "title", false)
	c.num("", in, "duration", 0, 3600, 0)
	dim := c.dimension(in, false, [2]float64{1280, 720})
	return heygenAspect(dim[0], dim[1]), c.problems
}

func gmiCharacter(c *heygenCheck, p string, ch map[string]any) {
	if ch == nil {
		return
	}
	c.known(p, ch, "type", "avatar_id", "talking_photo_id", "avatar_style", "scale", "offset")
	switch c.str(p, ch, "type", true) {
	case "avatar":
		c.str(p, ch, "avatar_id", true)
	case "talking_photo":
		if c.str(p, ch, "avatar_id", false) == "" && c.str(p, ch, "talking_photo_id", false) == "" {
			c.failf(p+".avatar_id", "Field required")
		}
	case "":
	default:
		c.failf(p+".type", "must be avatar or talking_photo, not %q", ch["type"])
	}
	c.enum(p, ch, "avatar_style", "normal", "circle", "closeUp")
	c.num(p, ch, "scale", 0, 5, 1)
	if off := c.object(p, ch, "offset", false); off != nil {
		c.known(p+".offset", off, "x", "y")
		c.num(p+".offset", off, "x", -1e6, 1e6, 0)
		c.num(p+".offset", off, "y", -1e6, 1e6, 0)
	}
}

// gmiVoice: text needs input_text (at most 5000 characters) and voice_id;
// speed 0.5–1.5, pitch a whole number in −50..50, emotion one of five.
func gmiVoice(c *heygenCheck, p string, v map[string]any) {
	if v == nil {
		return
	}
	c.known(p, v, "type", "input_text", "voice_id", "speed", "pitch", "emotion", "audio_url", "audio_asset_id", "duration")
	switch c.str(p, v, "type", true) {
	case "text":
		c.str(p, v, "voice_id", true)
		if t := c.str(p, v, "input_text", true); len([]rune(t)) > 5000 {
			c.failf(p+".input_text", "must be at most 5000 characters, not %d", len([]rune(t)))
		}
		if pitch := c.num(p, v, "pitch", -50, 50, 0); pitch != float64(int(pitch)) {
			c.failf(p+".pitch", "must be a whole number, not %g", pitch)
		}
		c.num(p, v, "speed", 0.5, 1.5, 1)
		c.enum(p, v, "emotion", "Excited", "Friendly", "Serious", "Soothing", "Broadcaster")
	case "audio":
		if c.str(p, v, "audio_url", false) == "" && c.str(p, v, "audio_asset_id", false) == "" {
			c.failf(p, "audio_url or audio_asset_id is required for an audio voice")
		}
	case "silence":
		if d := c.num(p, v, "duration", 0, 100, -1); d <= 0 {
			c.failf(p+".duration", "a silence needs a duration in seconds above 0")
		}
	case "":
	default:
		c.failf(p+".type", "must be text, audio or silence, not %q", v["type"])
	}
}

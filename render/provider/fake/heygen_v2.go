package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// v2Create is POST /v2/video/generate (seed 004, HG-docs create-an-avatar-
// video-v2): 1–50 video_inputs, each a character, a voice and maybe a
// background, validated as documented; no idempotency key.
func (h *HeyGen) v2Create(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV2) {
		return
	}
	raw, _ := io.ReadAll(r.Body)
	var in map[string]any
	if json.Unmarshal(raw, &in) != nil || in == nil {
		heygenWriteV2Error(w, http.StatusBadRequest, "invalid_parameter", "body must be a JSON object")
		return
	}
	c := &heygenCheck{}
	dim := h.v2Check(c, in)
	if len(c.problems) > 0 {
		heygenWriteV2Error(w, http.StatusBadRequest, "invalid_parameter", c.message())
		return
	}
	if h.refuseUnknownV2(w, in) {
		return
	}
	h.wait(r)
	v := heygenVideo{api: HeyGenV2, seconds: heygenSeconds(raw), script: heygenScript(raw)}
	v.title, _ = in["title"].(string)
	v.callbackID, _ = in["callback_id"].(string)
	caption, _ := in["caption"].(bool)
	mode, _ := in["caption_mode"].(string)
	v.subtitles = caption || mode != ""
	v.burnIn = (caption && mode != "file_only") || mode == "burn_in"
	test, _ := in["test"].(bool)
	j := h.start(r, heygenCreate{video: v, body: raw, aspect: heygenAspect(dim[0], dim[1]), payLate: true, test: test})
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"video_id": j.ID}})
}

// v2Check validates a generate body and returns its dimension (default
// 1280×720, seed 004's free-plan example).
func (h *HeyGen) v2Check(c *heygenCheck, in map[string]any) [2]float64 {
	c.known("", in, "video_inputs", "dimension", "caption", "caption_mode", "title", "callback_id", "folder_id",
		"callback_url", "test", "aspect_ratio")
	inputs, ok := in["video_inputs"].([]any)
	switch {
	case in["video_inputs"] == nil:
		c.failf("video_inputs", "Field required")
	case !ok:
		c.failf("video_inputs", "must be an array")
	case len(inputs) < 1 || len(inputs) > 50:
		c.failf("video_inputs", "must hold 1 to 50 scenes, not %d", len(inputs))
	}
	for i, raw := range inputs {
		p := "video_inputs." + strconv.Itoa(i)
		input, ok := raw.(map[string]any)
		if !ok {
			c.failf(p, "must be an object")
			continue
		}
		c.known(p, input, "character", "voice", "background")
		h.v2Character(c, p+".character", c.object(p, input, "character", true))
		h.v2Voice(c, p+".voice", c.object(p, input, "voice", true))
		heygenV2Background(c, p+".background", c.object(p, input, "background", false))
	}
	for _, k := range []string{"title", "callback_id", "folder_id", "callback_url", "aspect_ratio"} {
		c.str("", in, k, false)
	}
	c.boolean("", in, "caption")
	c.boolean("", in, "test")
	c.enum("", in, "caption_mode", "file_only", "burn_in")
	return c.dimension(in, false, [2]float64{1280, 720})
}

func (h *HeyGen) v2Character(c *heygenCheck, p string, ch map[string]any) {
	if ch == nil {
		return
	}
	c.known(p, ch, "type", "avatar_id", "talking_photo_id", "avatar_style", "talking_photo_style", "scale", "offset",
		"talking_style", "expression", "super_resolution", "matting", "circle_background_color", "use_avatar_iv_model")
	switch c.str(p, ch, "type", true) {
	case "avatar":
		c.str(p, ch, "avatar_id", true)
	case "talking_photo":
		c.str(p, ch, "talking_photo_id", true)
	case "":
	default:
		c.failf(p+".type", "must be avatar or talking_photo, not %q", ch["type"])
	}
	c.enum(p, ch, "avatar_style", "normal", "circle", "closeUp")
	c.enum(p, ch, "talking_photo_style", "square", "circle")
	c.enum(p, ch, "talking_style", "stable", "expressive")
	c.enum(p, ch, "expression", "default", "happy")
	c.num(p, ch, "scale", 0, 5, 1)
	if s := c.str(p, ch, "circle_background_color", false); s != "" && !hexColor.MatchString(s) {
		c.failf(p+".circle_background_color", "must be a hex color, not %q", s)
	}
	if off := c.object(p, ch, "offset", false); off != nil {
		c.known(p+".offset", off, "x", "y")
		c.num(p+".offset", off, "x", -1, 1, 0)
		c.num(p+".offset", off, "y", -1, 1, 0)
	}
	for _, k := range []string{"super_resolution", "matting", "use_avatar_iv_model"} {
		c.boolean(p, ch, k)
	}
}

// v2Voice: text needs voice_id and input_text within the text limit;
// audio needs audio_url or audio_asset_id; silence a duration.
func (h *HeyGen) v2Voice(c *heygenCheck, p string, v map[string]any) {
	if v == nil {
		return
	}
	c.known(p, v, "type", "voice_id", "input_text", "speed", "pitch", "emotion", "locale", "elevenlabs_settings",
		"audio_url", "audio_asset_id", "duration")
	switch c.str(p, v, "type", true) {
	case "text":
		c.str(p, v, "voice_id", true)
		if t := c.str(p, v, "input_text", true); len([]rune(t)) > h.opts.TextLimit {
			c.failf(p+".input_text", "must be at most %d characters, not %d", h.opts.TextLimit, len([]rune(t)))
		}
		c.num(p, v, "speed", 0.5, 1.5, 1)
		c.num(p, v, "pitch", -50, 50, 0)
		c.enum(p, v, "emotion", "Excited", "Friendly", "Serious", "Soothing", "Broadcaster")
		c.str(p, v, "locale", false)
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

func heygenV2Background(c *heygenCheck, p string, bg map[string]any) {
	if bg == nil {
		return
	}
	c.known(p, bg, "type", "value", "url", "image_asset_id", "video_asset_id", "play_style", "fit")
	switch c.str(p, bg, "type", true) {
	case "color":
		if s := c.str(p, bg, "value", true); s != "" && !hexColor.MatchString(s) {
			c.failf(p+".value", "must be a hex color, not %q", s)
		}
	case "image":
		if c.str(p, bg, "url", false) == "" && c.str(p, bg, "image_asset_id", false) == "" {
			c.failf(p, "url or image_asset_id is required for an image background")
		}
	case "video":
		if c.str(p, bg, "url", false) == "" && c.str(p, bg, "video_asset_id", false) == "" {
			c.failf(p, "url or video_asset_id is required for a video background")
		}
		c.enum(p, bg, "play_style", "fit_to_scene", "freeze", "loop", "once")
	case "":
	default:
		c.failf(p+".type", "must be color, image or video, not %q", bg["type"])
	}
	c.enum(p, bg, "fit", "cover", "contain")
}

package fake

import (
	"encoding/json"
	"io"
	"net/http"
	"strconv"
)

// av4Create is POST /v2/video/av4/generate in seed 003's shape: one
// portrait (image_key), one voice, a title, a dimension and scripted scenes
// with motion prompts. HG-docs' flatter shape (script, audio_url at the top)
// is accepted alongside, since sources disagree (providers.md §1.2).
func (h *HeyGen) av4Create(w http.ResponseWriter, r *http.Request) {
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
	dim := h.av4Check(c, in)
	if len(c.problems) > 0 {
		heygenWriteV2Error(w, http.StatusBadRequest, "invalid_parameter", c.message())
		return
	}
	if h.refuseUnknownV2(w, in) {
		return
	}
	h.wait(r)
	v := heygenVideo{api: HeyGenAV4, seconds: heygenSeconds(raw), script: heygenScript(raw)}
	v.title, _ = in["video_title"].(string)
	v.callbackID, _ = in["callback_id"].(string)
	v.subtitles, _ = in["caption"].(bool)
	v.burnIn = v.subtitles
	j := h.start(r, heygenCreate{video: v, body: raw, aspect: heygenAspect(dim[0], dim[1]), payLate: true})
	WriteJSON(w, http.StatusOK, map[string]any{"error": nil, "data": map[string]any{"video_id": j.ID}})
}

func (h *HeyGen) av4Check(c *heygenCheck, in map[string]any) [2]float64 {
	c.known("", in, "image_key", "video_title", "voice_id", "dimension", "caption", "callback_url", "callback_id",
		"scenes", "video_orientation", "fit", "script", "audio_url", "audio_asset_id",
		"custom_motion_prompt", "enhance_custom_motion_prompt")
	c.str("", in, "image_key", true)
	c.str("", in, "video_title", true)
	c.str("", in, "voice_id", true)
	c.str("", in, "callback_url", false)
	c.str("", in, "callback_id", false)
	c.boolean("", in, "caption")
	c.enum("", in, "video_orientation", "portrait", "landscape")
	c.enum("", in, "fit", "cover", "contain")
	scenes, ok := in["scenes"].([]any)
	switch {
	case in["scenes"] == nil:
		c.failf("scenes", "Field required")
	case !ok:
		c.failf("scenes", "must be an array")
	case len(scenes) == 0:
		c.failf("scenes", "must hold at least one scene")
	}
	for i, raw := range scenes {
		p := "scenes." + strconv.Itoa(i)
		s, ok := raw.(map[string]any)
		if !ok {
			c.failf(p, "must be an object")
			continue
		}
		c.known(p, s, "script", "emotion", "talking_style", "custom_motion_prompt", "enhance_custom_motion_prompt")
		if t := c.str(p, s, "script", true); len([]rune(t)) > h.opts.TextLimit {
			c.failf(p+".script", "must be at most %d characters", h.opts.TextLimit)
		}
		c.enum(p, s, "emotion", "Excited", "Friendly", "Serious", "Soothing", "Broadcaster")
		c.enum(p, s, "talking_style", "stable", "expressive")
		c.str(p, s, "custom_motion_prompt", false)
		c.boolean(p, s, "enhance_custom_motion_prompt")
	}
	return c.dimension(in, true, [2]float64{1080, 1920})
}

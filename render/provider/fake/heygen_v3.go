package fake

import (
	"encoding/json"
	"io"
	"math"
	"net/http"
	"strconv"
	"strings"
)

// v3Create is POST /v3/videos: X-Api-Key, Idempotency-Key replay, the
// published request schema made strict, the semantic rules its field
// descriptions state, 402 on credits, 429 over the concurrency cap.
func (h *HeyGen) v3Create(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	raw, _ := io.ReadAll(r.Body)
	key := r.Header.Get("Idempotency-Key")
	if key != "" {
		if rec, o := h.claimKey(key, raw); h.answerKey(w, rec, o) {
			return
		}
		h.wait(r)
	}
	status, answer := h.v3CreateAnswer(r, raw)
	h.finishKey(key, status, answer)
	w.Header().Set("Content-Type", "application/json")
	if status == http.StatusTooManyRequests {
		w.Header().Set("Retry-After", strconv.Itoa(h.retryAfter()))
	}
	w.WriteHeader(status)
	w.Write(answer)
}

func (h *HeyGen) v3CreateAnswer(r *http.Request, raw []byte) (int, []byte) {
	fail := func(status int, code, msg, param string) (int, []byte) {
		return status, heygenV3ErrorJSON(code, msg, param)
	}
	if param, msg, ok := heygenValidate("VideoCreate", raw); !ok {
		return fail(http.StatusBadRequest, "invalid_parameter", msg, param)
	}
	var in map[string]any
	_ = json.Unmarshal(raw, &in)
	if param, msg := h.v3Rules(in); msg != "" {
		return fail(http.StatusBadRequest, "invalid_parameter", msg, param)
	}
	if u, ok := h.unknownID(in); ok {
		return fail(http.StatusBadRequest, u.code, u.message, u.param)
	}
	c := heygenV3Parse(in, raw)
	c.key = r.Header.Get("Idempotency-Key")
	if cost := c.cost(); h.Credits() < cost {
		return fail(http.StatusPaymentRequired, "insufficient_credit",
			"Insufficient credit: this video needs "+strconv.Itoa(cost)+" credits, the account has "+strconv.Itoa(h.Credits()), "")
	}
	if h.opts.Concurrency > 0 && h.unfinished() >= h.opts.Concurrency {
		return fail(http.StatusTooManyRequests, "rate_limit_exceeded",
			"Too many concurrent videos: at most "+strconv.Itoa(h.opts.Concurrency)+" may render at once", "")
	}
	j := h.start(r, c)
	format := "mp4"
	if c.webm {
		format = "webm"
	}
	// HG-cli: the answer's status is the initial one, "e.g. 'waiting'".
	b, _ := json.Marshal(map[string]any{"data": map[string]any{"video_id": j.ID, "status": "waiting", "output_format": format}})
	return http.StatusOK, b
}

// heygenV3Parse reads what the fake needs from a valid v3 body.
func heygenV3Parse(in map[string]any, raw []byte) heygenCreate {
	v := heygenVideo{api: HeyGenV3, seconds: heygenSeconds(raw), script: heygenScript(raw)}
	v.title, _ = in["title"].(string)
	v.callbackID, _ = in["callback_id"].(string)
	if cap, ok := in["caption"].(map[string]any); ok {
		v.subtitles = true
		v.burnIn = cap["style"] != nil
	}
	aspect, _ := in["aspect_ratio"].(string)
	switch aspect {
	case "9:16", "4:5":
		aspect = "9x16"
	case "1:1":
		aspect = "1x1"
	default:
		aspect = "16x9"
	}
	return heygenCreate{video: v, body: raw, aspect: aspect, webm: in["output_format"] == "webm"}
}

// v3Rules are the constraints the schema's descriptions state in words.
func (h *HeyGen) v3Rules(in map[string]any) (param, msg string) {
	if in["output_format"] == "webm" && in["background"] != nil {
		return "background", "background is not allowed with output_format webm (the background is removed)"
	}
	if p, m := heygenV3Background(in["background"]); m != "" {
		return p, m
	}
	if in["type"] == "studio" {
		scenes, _ := in["scenes"].([]any)
		if len(scenes) == 0 {
			return "scenes", "scenes must not be empty"
		}
		for i, s := range scenes {
			sc, _ := s.(map[string]any)
			input, ok := sc["input"].(map[string]any)
			if !ok {
				continue
			}
			if p, m := h.v3Speech(input); m != "" {
				return "scenes." + strconv.Itoa(i) + ".input." + p, m
			}
		}
		return "", ""
	}
	if in["type"] == "cinematic_avatar" {
		return "", ""
	}
	return h.v3Speech(in)
}

// v3Speech: a script or an audio file, not both; a script needs a voice
// unless an avatar brings its own; a script has a length limit.
func (h *HeyGen) v3Speech(in map[string]any) (param, msg string) {
	script, hasScript := in["script"].(string)
	hasAudio := in["audio_url"] != nil || in["audio_asset_id"] != nil
	switch {
	case hasScript && hasAudio:
		return "script", "script is mutually exclusive with audio_url and audio_asset_id"
	case in["audio_url"] != nil && in["audio_asset_id"] != nil:
		return "audio_url", "audio_url is mutually exclusive with audio_asset_id"
	case !hasScript && !hasAudio:
		return "script", "one of script, audio_url or audio_asset_id is required"
	case hasScript && strings.TrimSpace(script) == "":
		return "script", "script must not be empty"
	case hasScript && in["voice_id"] == nil && in["avatar_id"] == nil:
		return "voice_id", "voice_id is required with a script when there is no avatar_id"
	case len([]rune(script)) > h.opts.TextLimit:
		return "script", "script must be at most " + strconv.Itoa(h.opts.TextLimit) + " characters"
	}
	return "", ""
}

func heygenV3Background(raw any) (param, msg string) {
	bg, ok := raw.(map[string]any)
	if !ok {
		return "", ""
	}
	switch bg["type"] {
	case "color":
		if s, _ := bg["value"].(string); !hexColor.MatchString(s) {
			return "background.value", "background.value must be a hex color such as #ff0000 when type is color"
		}
	case "image":
		if (bg["url"] == nil) == (bg["asset_id"] == nil) {
			return "background.url", "exactly one of background.url and background.asset_id is required when type is image"
		}
	}
	return "", ""
}

// unfinished counts v3 videos still queued or rendering.
func (h *HeyGen) unfinished() int {
	n := 0
	for _, j := range h.srv.Jobs() {
		if _, phase, v, ok := h.video(j.ID); ok && v.api == HeyGenV3 && (phase == PhaseQueued || phase == PhaseProcessing) {
			n++
		}
	}
	return n
}

// retryAfter is the whole seconds until the first unfinished video ends.
func (h *HeyGen) retryAfter() int {
	t := h.srv.opts.Timeline
	wait := t.Queued + t.Processing
	now := h.srv.clock.Now()
	for _, j := range h.srv.Jobs() {
		if _, phase, _, ok := h.video(j.ID); ok && (phase == PhaseQueued || phase == PhaseProcessing) && !j.Stuck {
			wait = min(wait, j.Created.Add(t.Queued+t.Processing).Sub(now))
		}
	}
	return max(1, int(math.Ceil(wait.Seconds())))
}

// v3Get is GET /v3/videos/{id}: the video resource, with fresh presigned
// URLs on every call once completed.
func (h *HeyGen) v3Get(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	j, phase, v, ok := h.video(r.PathValue("id"))
	if !ok {
		heygenWriteV3Error(w, http.StatusNotFound, "not_found", "Video not found", "video_id")
		return
	}
	WriteJSON(w, http.StatusOK, map[string]any{"data": h.v3Resource(j, phase, v)})
}

func (h *HeyGen) v3Resource(j Job, phase Phase, v *heygenVideo) map[string]any {
	d := map[string]any{
		"id": j.ID, "title": heygenNil(v.title), "created_at": j.Created.Unix(), "folder_id": nil,
		"status": map[Phase]string{PhaseQueued: "pending", PhaseProcessing: "processing", PhaseCompleted: "completed",
			PhaseFailed: "failed", PhaseCancelled: "failed"}[phase],
		"completed_at": nil, "duration": nil, "video_url": nil, "captioned_video_url": nil, "subtitle_url": nil,
		"thumbnail_url": nil, "gif_url": nil, "failure_code": nil, "failure_message": nil, "video_page_url": nil,
	}
	switch phase {
	case PhaseCompleted:
		m := h.completed(j, v, "srt")
		d["completed_at"] = j.Created.Add(h.srv.opts.Timeline.Queued + h.srv.opts.Timeline.Processing).Unix()
		d["duration"], d["video_url"], d["thumbnail_url"], d["gif_url"] = m.duration, m.video, m.thumbnail, m.gif
		d["captioned_video_url"], d["subtitle_url"] = heygenNil(m.captioned), heygenNil(m.subtitle)
		d["video_page_url"] = "https://app.heygen.com/videos/" + j.ID
	case PhaseFailed:
		d["failure_code"], d["failure_message"] = j.FailCode, heygenOr(v.failDetail, j.FailMessage)
	case PhaseCancelled:
		d["failure_code"], d["failure_message"] = "cancelled", "The video was deleted before it finished"
	}
	return d
}

// v3Statuses is GET /v3/videos/statuses?video_ids=a,b: up to 100 ids, in
// the order asked, not_found for unknown ones. The CLI's description names
// the statuses queued, processing, completed and failed.
func (h *HeyGen) v3Statuses(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	var ids []string
	for _, id := range strings.Split(r.URL.Query().Get("video_ids"), ",") {
		if id = strings.TrimSpace(id); id != "" {
			ids = append(ids, id)
		}
	}
	switch {
	case len(ids) == 0 && r.URL.Query().Get("batch_ids") == "":
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "video_ids or batch_ids is required", "video_ids")
		return
	case len(ids) > 100:
		heygenWriteV3Error(w, http.StatusBadRequest, "invalid_parameter", "at most 100 ids per request", "video_ids")
		return
	}
	items := make([]map[string]any, 0, len(ids))
	for _, id := range ids {
		items = append(items, h.v3Item(id))
	}
	WriteJSON(w, http.StatusOK, map[string]any{"data": items, "has_more": false, "next_token": nil})
}

func (h *HeyGen) v3Item(id string) map[string]any {
	item := map[string]any{"video_id": id, "status": "not_found", "error": nil, "batch_id": nil, "item_index": nil}
	j, phase, v, ok := h.video(id)
	if !ok {
		return item
	}
	item["status"] = map[Phase]string{PhaseQueued: "queued", PhaseProcessing: "processing", PhaseCompleted: "completed",
		PhaseFailed: "failed", PhaseCancelled: "failed"}[phase]
	switch phase {
	case PhaseFailed:
		item["error"] = map[string]any{"code": j.FailCode, "message": heygenOr(v.failDetail, j.FailMessage)}
	case PhaseCancelled: // as GET /v3/videos/{id} says it
		item["error"] = map[string]any{"code": "cancelled", "message": "The video was deleted before it finished"}
	}
	return item
}

// v3Delete is DELETE /v3/videos/{id}: the video and its files are gone; an
// unfinished one stops rendering.
func (h *HeyGen) v3Delete(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV3) {
		return
	}
	id := r.PathValue("id")
	if _, _, _, ok := h.video(id); !ok {
		heygenWriteV3Error(w, http.StatusNotFound, "not_found", "Video not found", "video_id")
		return
	}
	h.srv.Cancel(id)
	h.mu.Lock()
	h.videos[id].deleted = true
	h.mu.Unlock()
	h.save(id)
	WriteJSON(w, http.StatusOK, map[string]any{"data": map[string]any{"id": id, "deleted": true}})
}

// heygenNil is s, or JSON null when empty: HeyGen sends every key, null
// until it has a value.
func heygenNil(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func heygenOr(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

package fake

import (
	"net/http"
	"strconv"
)

// v1Status is GET /v1/video_status.get?video_id=: the v1 envelope with
// every key present and null until it has a value (seed 004). A queued
// video reads waiting, then pending, as HG-docs' and seed 004's examples
// each show one of them.
func (h *HeyGen) v1Status(w http.ResponseWriter, r *http.Request) {
	if !h.authorized(w, r, heygenEnvV1) {
		return
	}
	id := r.URL.Query().Get("video_id")
	if id == "" {
		heygenWriteV1Error(w, http.StatusBadRequest, 40001, "video_id is required")
		return
	}
	j, phase, v, ok := h.video(id)
	if !ok {
		heygenWriteV1Error(w, http.StatusNotFound, 40031, "Video not found or not accessible")
		return
	}
	d := map[string]any{
		"id": j.ID, "status": h.v1State(j, phase), "callback_id": heygenNil(v.callbackID), "created_at": j.Created.Unix(),
		"caption_url": nil, "duration": nil, "error": nil, "gif_url": nil, "thumbnail_url": nil,
		"video_url": nil, "video_url_caption": nil,
	}
	switch phase {
	case PhaseCompleted:
		m := h.completed(j, v, "ass")
		d["duration"], d["video_url"], d["thumbnail_url"], d["gif_url"] = m.duration, m.video, m.thumbnail, m.gif
		d["video_url_caption"], d["caption_url"] = heygenNil(m.captioned), heygenNil(m.subtitle)
	case PhaseFailed, PhaseCancelled:
		msg := heygenOr(j.FailMessage, "The video was deleted before it finished")
		d["error"] = map[string]any{"code": heygenV1Code(j.FailCode), "message": msg, "detail": heygenOr(v.failDetail, msg)}
	}
	WriteJSON(w, http.StatusOK, map[string]any{"code": 100, "data": d, "message": "Success"})
}

func (h *HeyGen) v1State(j Job, phase Phase) string {
	switch phase {
	case PhaseQueued:
		if h.srv.clock.Now().Sub(j.Created) < h.srv.opts.Timeline.Queued/2 {
			return "waiting"
		}
		return "pending"
	case PhaseProcessing:
		return "processing"
	case PhaseCompleted:
		return "completed"
	}
	return "failed"
}

// heygenV1Code sends a numeric code (40119) as a JSON number and any other
// (MOVIO_PAYMENT_INSUFFICIENT_CREDIT) as a string, as HeyGen mixes both.
func heygenV1Code(code string) any {
	if n, err := strconv.Atoi(code); err == nil {
		return n
	}
	return heygenNil(code)
}

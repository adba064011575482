package fake

import (
	"encoding/hex"
	"encoding/json"
	"path"
	"strings"
	"time"
)

// HeyGenStore keeps a HeyGen fake's videos beyond the fake's life, as an
// account keeps them between the runs of its clients: the sandbox keeps
// them in a file, so a later process serves the jobs an earlier one took.
//
// The fake saves a video's record when it creates it and whenever it
// changes (a delete), and asks the store for a video id or an
// Idempotency-Key it does not know. A video read back runs the same
// timeline from its Created time on the fake's clock, and a key read back
// replays its video (same body) or is refused (another body) within the
// idempotency window, without a new charge. Uploaded assets, the balance,
// the ledger and the request log stay with the fake that has them.
//
// The fake does not fail a request over a store error: SaveVideo's error
// is the store's to report.
type HeyGenStore interface {
	SaveVideo(HeyGenRecord) error
	LoadVideo(id string) (HeyGenRecord, bool)
	// LoadKey returns the newest video created with the key.
	LoadKey(key string) (HeyGenRecord, bool)
}

// HeyGenRecord is what a HeyGenStore keeps of one video: enough to answer
// every status, result, media and replay call about it.
type HeyGenRecord struct {
	ID      string    `json:"id"`
	API     string    `json:"api"`     // HeyGenV3, HeyGenV2 or HeyGenAV4
	Created time.Time `json:"created"` // the timeline runs from here
	// Key is the v3 Idempotency-Key the create carried, and BodyHash the
	// hex SHA-256 of its compact JSON body, for replays.
	Key      string `json:"idempotency_key,omitempty"`
	BodyHash string `json:"body_sha256,omitempty"`
	// Clip is the Options.Media file served ("9x16.mp4"); Format is the
	// output_format the create answered ("mp4" or "webm").
	Clip    string `json:"clip"`
	Format  string `json:"output_format"`
	Cost    int    `json:"cost"`              // credits
	Charged bool   `json:"charged,omitempty"` // false for a foreseen failure
	// What the status calls and the caption files report.
	Title      string  `json:"title,omitempty"`
	CallbackID string  `json:"callback_id,omitempty"`
	Script     string  `json:"script,omitempty"`
	Seconds    float64 `json:"seconds"`
	Subtitles  bool    `json:"subtitles,omitempty"`
	BurnIn     bool    `json:"burn_in,omitempty"`
	// The video's fate, when it is not to complete.
	FailCode    string `json:"fail_code,omitempty"`
	FailMessage string `json:"fail_message,omitempty"`
	FailDetail  string `json:"fail_detail,omitempty"`
	Stuck       bool   `json:"stuck,omitempty"`
	Deleted     bool   `json:"deleted,omitempty"`
}

// save hands a video's record to the store, if there is one.
func (h *HeyGen) save(id string) {
	if h.opts.Store == nil {
		return
	}
	j, _, ok := h.srv.Job(id)
	h.mu.Lock()
	v := h.videos[id]
	if !ok || v == nil {
		h.mu.Unlock()
		return
	}
	rec := HeyGenRecord{ID: j.ID, API: v.api, Created: j.Created, Key: v.key, Clip: j.Media, Format: "mp4",
		Cost: j.Cost, Charged: v.charged, Title: v.title, CallbackID: v.callbackID, Script: v.script, Seconds: v.seconds,
		Subtitles: v.subtitles, BurnIn: v.burnIn, FailCode: j.FailCode, FailMessage: j.FailMessage, FailDetail: v.failDetail,
		Stuck: j.Stuck, Deleted: v.deleted}
	h.mu.Unlock()
	if v.key != "" {
		rec.BodyHash = hex.EncodeToString(v.hash[:])
	}
	if v.webm {
		rec.Format = "webm"
	}
	_ = h.opts.Store.SaveVideo(rec)
}

// recallVideo brings a video the store has into this fake, and reports
// whether it did.
func (h *HeyGen) recallVideo(id string) bool {
	if h.opts.Store == nil || id == "" {
		return false
	}
	rec, ok := h.opts.Store.LoadVideo(id)
	if ok {
		h.restore(rec)
	}
	return ok
}

// recallKey brings the video an Idempotency-Key created, as the store has
// it, into this fake, unless the fake holds the key within its window.
func (h *HeyGen) recallKey(key string, now time.Time) {
	if h.opts.Store == nil {
		return
	}
	h.mu.Lock()
	rec, known := h.keys[key]
	known = known && now.Sub(rec.at) < h.opts.IdempotencyWindow
	h.mu.Unlock()
	if known {
		return
	}
	stored, ok := h.opts.Store.LoadKey(key)
	sum, err := hex.DecodeString(stored.BodyHash)
	if !ok || err != nil || len(sum) != 32 || now.Sub(stored.Created) >= h.opts.IdempotencyWindow {
		return
	}
	h.restore(stored)
	answer, _ := json.Marshal(map[string]any{"data": map[string]any{
		"video_id": stored.ID, "status": "waiting", "output_format": stored.Format}})
	h.mu.Lock()
	defer h.mu.Unlock()
	if rec, known := h.keys[key]; !known || now.Sub(rec.at) >= h.opts.IdempotencyWindow {
		h.keys[key] = &heygenIdem{hash: [32]byte(sum), at: stored.Created, done: true, status: 200, answer: answer}
	}
}

// restore adds a stored video to the jobs and videos, unless known. A
// clip this fake does not serve is replaced by its nearest one.
func (h *HeyGen) restore(rec HeyGenRecord) {
	clip := rec.Clip
	if _, ok := h.srv.opts.Media[clip]; !ok {
		clip = h.mediaFor(strings.TrimSuffix(clip, path.Ext(clip)), rec.Format == "webm")
	}
	h.srv.restore(Job{ID: rec.ID, Created: rec.Created, Media: clip, Cost: rec.Cost, FailCode: rec.FailCode,
		FailMessage: rec.FailMessage, Stuck: rec.Stuck, Cancelled: rec.Deleted})
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.videos[rec.ID] != nil {
		return
	}
	v := &heygenVideo{api: rec.API, title: rec.Title, callbackID: rec.CallbackID, subtitles: rec.Subtitles,
		burnIn: rec.BurnIn, script: rec.Script, seconds: rec.Seconds, failDetail: rec.FailDetail, deleted: rec.Deleted,
		key: rec.Key, webm: rec.Format == "webm", charged: rec.Charged}
	if sum, err := hex.DecodeString(rec.BodyHash); err == nil && len(sum) == 32 {
		v.hash = [32]byte(sum)
	}
	h.videos[rec.ID] = v
}

package fake

import (
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"net/http"
	"slices"
	"strings"
)

// heygenVideo is what a HeyGen fake keeps about a job beyond the shared
// Job: what the status calls report and what the sidecars hold.
type heygenVideo struct {
	api        string
	title      string
	callbackID string
	subtitles  bool // a caption file was asked for
	burnIn     bool // a captioned video was asked for
	script     string
	seconds    float64 // estimated length, billed and limited by
	failDetail string  // the v1 error's detail for a failure the fake decided
	deleted    bool
	// What a HeyGenStore keeps besides: the v3 Idempotency-Key and the
	// hash of the body it came with, the output format the create
	// answered, and whether the video was charged.
	key     string
	hash    [32]byte
	webm    bool
	charged bool
}

// heygenCreate is a validated create request.
type heygenCreate struct {
	video  heygenVideo
	body   []byte
	aspect string // "16x9", "9x16", "1x1": picks the media file
	webm   bool
	key    string // the v3 Idempotency-Key, recorded with the charge
	// payLate is true where HeyGen takes the create and fails the video at
	// poll time when credits run short (v2, av4); v3 refuses with 402.
	payLate bool
	// test is v2's test: true (seed 004): rendered, watermarked, free.
	test bool
}

// heygenRates are credits per started 30 s (Nov 2025 limits page: Avatar
// IV 6/min, video avatar 2/min); v3 defaults to Avatar IV.
var heygenRates = map[string]int{HeyGenV3: 3, HeyGenAV4: 3, HeyGenV2: 1}

func (c heygenCreate) cost() int {
	if c.test {
		return 0 // nor does it need credits
	}
	return heygenRates[c.video.api] * int(math.Ceil(c.video.seconds/30))
}

// start records the video, decides its fate and charges for it. A failure
// the fake can foresee (an unknown asset, a video over the plan's length,
// v2/av4 credits) is not charged and shows only at poll time, as HeyGen
// reports them; an injected LateFailure or Stuck fault wins.
func (h *HeyGen) start(r *http.Request, c heygenCreate) Job {
	v := c.video
	cost := c.cost()
	code, msg := h.foresee(&v, c, cost)
	charge := code == "" && !c.test
	if _, faulted := fateFrom(r.Context()); !faulted && code != "" {
		r = r.WithContext(withFate(r.Context(), Fault{Kind: LateFailure, Code: code, Message: msg}))
	}
	j, _ := h.srv.NewJob(r, JobSpec{Body: c.body, Media: h.mediaFor(c.aspect, c.webm), Cost: cost})
	v.key, v.webm, v.charged = c.key, c.webm, charge
	if c.key != "" {
		v.hash = heygenBodyHash(c.body)
	}
	h.mu.Lock()
	h.videos[j.ID] = &v
	if charge {
		h.credits -= cost
	}
	h.mu.Unlock()
	if charge {
		h.srv.Charge(Charge{JobID: j.ID, Key: c.key, Cost: cost})
	}
	h.save(j.ID)
	return j
}

func (h *HeyGen) foresee(v *heygenVideo, c heygenCreate, cost int) (code, msg string) {
	if problem := h.checkAssets(c.body); problem != "" {
		return "asset_not_found", problem
	}
	if v.seconds > h.opts.MaxSeconds {
		v.failDetail = fmt.Sprintf("Video is too long (> %.1fs). Please upgrade your plan to generate longer videos", h.opts.MaxSeconds)
		return "40119", "Video is too long"
	}
	if c.payLate && h.Credits() < cost {
		return "MOVIO_PAYMENT_INSUFFICIENT_CREDIT", "Insufficient credit. This operation requires 'api' credits."
	}
	return "", ""
}

// video returns a job the account can see, its phase and its record.
func (h *HeyGen) video(id string) (Job, Phase, *heygenVideo, bool) {
	j, phase, ok := h.srv.Job(id)
	if !ok && h.recallVideo(id) {
		j, phase, ok = h.srv.Job(id)
	}
	h.mu.Lock()
	v := h.videos[id]
	gone := v == nil || v.deleted
	h.mu.Unlock()
	if !ok || gone {
		return Job{}, "", nil, false
	}
	return j, phase, v, true
}

// mediaFor picks the served file: the aspect's WebM when WebM was asked
// for, else its MP4.
func (h *HeyGen) mediaFor(aspect string, webm bool) string {
	if webm {
		if _, ok := h.srv.opts.Media[aspect+".webm"]; ok {
			return aspect + ".webm"
		}
		for n := range h.srv.opts.Media {
			if strings.HasSuffix(n, ".webm") {
				return n
			}
		}
	}
	return h.srv.MediaFor(aspect)
}

// heygenAspect maps a width and height to the media file closest in shape.
func heygenAspect(w, hgt float64) string {
	switch {
	case w > hgt:
		return "16x9"
	case w < hgt:
		return "9x16"
	}
	return "1x1"
}

// heygenSeconds guesses a video's length from its body: 150 spoken words
// a minute, silences and still scenes as given, 10 s per audio file.
func heygenSeconds(body []byte) float64 {
	var v any
	if json.Unmarshal(body, &v) != nil {
		return 1
	}
	var secs float64
	heygenWalk(v, func(key string, val any) {
		switch x := val.(type) {
		case string:
			switch key {
			case "script", "input_text":
				secs += float64(len(strings.Fields(x))) / 2.5
			case "audio_url", "audio_asset_id":
				secs += 10
			}
		case float64:
			if key == "duration" {
				secs += x
			}
		}
	})
	return max(secs, 1)
}

// heygenWalk calls f with every member of every object in v, in document
// order for arrays and key order for objects, so results are stable.
func heygenWalk(v any, f func(key string, val any)) {
	switch v := v.(type) {
	case map[string]any:
		for _, k := range slices.Sorted(maps.Keys(v)) {
			f(k, v[k])
			heygenWalk(v[k], f)
		}
	case []any:
		for _, c := range v {
			heygenWalk(c, f)
		}
	}
}

// heygenScript joins every script of a body, for the caption files.
func heygenScript(body []byte) string {
	var v any
	_ = json.Unmarshal(body, &v)
	var parts []string
	heygenWalk(v, func(key string, val any) {
		if s, ok := val.(string); ok && (key == "script" || key == "input_text") {
			parts = append(parts, s)
		}
	})
	return strings.Join(parts, " ")
}

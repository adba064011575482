package fake

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"net/http"
	"time"
)

// heygenIdem is one v3 Idempotency-Key: the request it first came with and,
// once answered, the answer it replays.
type heygenIdem struct {
	hash   [32]byte
	at     time.Time
	done   bool
	status int
	answer []byte
}

type heygenIdemOutcome int

const (
	heygenIdemNew      heygenIdemOutcome = iota // first use: go on, then finishKey
	heygenIdemReplay                            // answered before: send the same answer
	heygenIdemBusy                              // the first request is still being handled
	heygenIdemMismatch                          // the key came with another body
)

// claimKey looks a key up within the idempotency window (24 h on the
// fake's clock). A key past its window is forgotten and starts afresh.
func (h *HeyGen) claimKey(key string, body []byte) (*heygenIdem, heygenIdemOutcome) {
	sum := heygenBodyHash(body)
	now := h.srv.clock.Now()
	h.recallKey(key, now)
	h.mu.Lock()
	defer h.mu.Unlock()
	if rec, ok := h.keys[key]; ok && now.Sub(rec.at) < h.opts.IdempotencyWindow {
		switch {
		case rec.hash != sum:
			return rec, heygenIdemMismatch
		case !rec.done:
			return rec, heygenIdemBusy
		}
		c := *rec
		return &c, heygenIdemReplay
	}
	h.keys[key] = &heygenIdem{hash: sum, at: now}
	return nil, heygenIdemNew
}

// finishKey stores a success to replay; a refused request frees its key,
// so the caller may fix the body and send it again.
func (h *HeyGen) finishKey(key string, status int, answer []byte) {
	if key == "" {
		return
	}
	h.mu.Lock()
	defer h.mu.Unlock()
	rec, ok := h.keys[key]
	if !ok {
		return
	}
	if status/100 != 2 {
		delete(h.keys, key)
		return
	}
	rec.done, rec.status, rec.answer = true, status, answer
}

// heygenBodyHash compares bodies by their compact JSON, so re-encoding with other
// whitespace is the same request.
func heygenBodyHash(body []byte) [32]byte {
	var buf bytes.Buffer
	if json.Compact(&buf, body) == nil {
		body = buf.Bytes()
	}
	return sha256.Sum256(body)
}

// answerKey replies to a request whose key was seen before, and reports
// whether it did. A replayed answer carries Idempotent-Replayed: true.
func (h *HeyGen) answerKey(w http.ResponseWriter, rec *heygenIdem, o heygenIdemOutcome) bool {
	switch o {
	case heygenIdemReplay:
		w.Header().Set("Content-Type", "application/json")
		// HeyGen documents no replay marker; this is the convention of
		// Stripe and others, which reel reads to know nothing was charged.
		w.Header().Set("Idempotent-Replayed", "true")
		w.WriteHeader(rec.status)
		w.Write(rec.answer)
	case heygenIdemBusy:
		w.Header().Set("Retry-After", "1")
		heygenWriteV3Error(w, http.StatusConflict, "request_in_progress",
			"A request with this Idempotency-Key is still being processed; retry after it completes", "Idempotency-Key")
	case heygenIdemMismatch:
		heygenWriteV3Error(w, http.StatusConflict, "idempotency_key_reused",
			"This Idempotency-Key was already used with a different request body", "Idempotency-Key")
	default:
		return false
	}
	return true
}

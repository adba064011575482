package fal

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// submitAnswer is what submit returns (reference/providers.md §2.2).
type submitAnswer struct {
	RequestID   string `json:"request_id"`
	StatusURL   string `json:"status_url"`
	ResponseURL string `json:"response_url"`
	CancelURL   string `json:"cancel_url"`
}

// queueStatus is GET …/requests/{id}/status?logs=1.
type queueStatus struct {
	Status        string `json:"status"`
	QueuePosition *int   `json:"queue_position"`
	Logs          []struct {
		Message string `json:"message"`
	} `json:"logs"`
}

// status maps fal's statuses to reel's. COMPLETED says only that the
// request ended; the caller reads the result to learn how. Every other
// word any API documents is read as provider.StatusWord says, and one that
// ends a job (FAILED and CANCELLED, which third-party schemas list, say)
// is read the way COMPLETED is; a word none documents keeps the job
// waiting, named.
func (q queueStatus) status(id string) provider.Status {
	st := provider.Status{JobID: id}
	switch strings.ToUpper(strings.TrimSpace(q.Status)) {
	case "IN_QUEUE":
		st.State = provider.Queued
		if q.QueuePosition != nil {
			st.Detail = fmt.Sprintf("queue position %d", *q.QueuePosition)
		}
		return st
	case "IN_PROGRESS":
		st.State = provider.Processing
		if n := len(q.Logs); n > 0 {
			st.Detail = q.Logs[n-1].Message
		}
		return st
	}
	s, _, ok := provider.StatusWord(q.Status)
	switch {
	case !ok:
		return provider.Unrecognised(id, q.Status)
	case s.Done():
		st.State = provider.Completed
	default:
		st.State = s
	}
	return st
}

// resultAnswer is the model's output: {"video":{"url",…}}.
type resultAnswer struct {
	Video struct {
		URL string `json:"url"`
	} `json:"video"`
}

// clientCancelled is fal's error_type for a request cancelled before it
// finished (its result answers 499 with it).
const clientCancelled = "client_cancelled"

// resultError sorts a failed result call. A 422, or any error that names
// fal's error_type, is the request's own failure and final: a
// *provider.JobError with fal's message (the detail's msg after its loc).
// A 400 without one is a request still running (inferred). Anything else,
// such as a 5xx from fal's ingress, is a failed call to try again.
func resultError(id string, err error) error {
	var h *provider.HTTPError
	if !errors.As(err, &h) {
		return err
	}
	switch {
	case h.Code == clientCancelled:
		return provider.Cancelled("fal", "")
	case h.Status == http.StatusUnprocessableEntity || (h.Status >= 400 && h.Code != ""):
		msg := h.Message
		if msg == "" {
			msg = fmt.Sprintf("fal answered %d without a reason", h.Status)
		}
		return &provider.JobError{Code: h.Code, Message: msg}
	case h.Status == http.StatusBadRequest:
		return fmt.Errorf("%s request %s: %w", Name, id, provider.ErrNotReady)
	}
	return err
}

// decodeError reads fal's two error shapes (provider.DecodeError knows
// both) and adds the code provider.DecodeError has no field for: the
// pydantic type of a lone detail item, such as "missing".
func decodeError(body []byte) (code, message string) {
	code, message = provider.DecodeError(body)
	if code != "" {
		return code, message
	}
	var env struct {
		Detail []struct {
			Type string `json:"type"`
		} `json:"detail"`
	}
	if json.Unmarshal(body, &env) == nil && len(env.Detail) == 1 {
		code = env.Detail[0].Type
	}
	return code, message
}

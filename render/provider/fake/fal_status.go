package fake

import (
	"cmp"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// status answers GET …/requests/{id}/status: 202 while IN_QUEUE or
// IN_PROGRESS, 200 once COMPLETED. There is no FAILED: a job that failed,
// or was cancelled, reads COMPLETED and its result call says what went
// wrong (TanStack/ai#396).
func (f *Fal) status(w http.ResponseWriter, r *http.Request) {
	j, phase, ok := f.falJob(w, r)
	if !ok {
		return
	}
	out := f.falURLs(j.ID)
	code := http.StatusAccepted
	var logs []falLog
	switch phase {
	case PhaseQueued:
		out["status"], out["queue_position"] = "IN_QUEUE", f.queuePosition(j)
	case PhaseProcessing:
		out["status"] = "IN_PROGRESS"
		logs = f.falLogs(j, phase)
	default:
		code, out["status"] = http.StatusOK, "COMPLETED"
		logs = f.falLogs(j, phase)
		if phase != PhaseCancelled {
			out["metrics"] = map[string]float64{"inference_time": f.srv.opts.Timeline.Processing.Seconds()}
		}
	}
	out["logs"] = nil
	if r.URL.Query().Get("logs") == "1" && logs != nil {
		out["logs"] = logs
	}
	WriteJSON(w, code, out)
}

// falLog is one line of a request's logs.
type falLog struct {
	Message   string `json:"message"`
	Level     string `json:"level"`
	Source    string `json:"source"`
	Timestamp string `json:"timestamp"`
}

// falLogs are the lines a runner has written by now: a start, progress
// every quarter of the render, then the end. A stuck job stops at 75%.
func (f *Fal) falLogs(j Job, phase Phase) []falLog {
	now := f.srv.Clock().Now()
	stamp := func(t time.Time) string { return t.UTC().Format("2006-01-02T15:04:05.000000") }
	if phase == PhaseCancelled {
		return []falLog{{"Request cancelled", "WARNING", "gateway", stamp(now)}}
	}
	t := f.srv.opts.Timeline
	start := j.Created.Add(t.Queued)
	logs := []falLog{{"Starting HeyGen Avatar IV render", "INFO", "user", stamp(start)}}
	for _, pct := range []int{25, 50, 75} {
		at := start.Add(t.Processing * time.Duration(pct) / 100)
		if at.After(now) {
			break
		}
		logs = append(logs, falLog{fmt.Sprintf("Rendering video: %d%%", pct), "INFO", "user", stamp(at)})
	}
	end := stamp(start.Add(t.Processing))
	switch phase {
	case PhaseCompleted:
		logs = append(logs, falLog{"Video ready", "INFO", "user", end})
	case PhaseFailed:
		logs = append(logs, falLog{j.FailMessage, "ERROR", "user", end})
	}
	return logs
}

// result answers GET …/requests/{id}: the output once COMPLETED, with a
// freshly signed media URL each time; a 400 before (inferred); the job's
// failure when it failed.
func (f *Fal) result(w http.ResponseWriter, r *http.Request) {
	j, phase, ok := f.falJob(w, r)
	if !ok {
		return
	}
	w.Header().Set("X-Fal-Request-Id", j.ID)
	switch phase {
	case PhaseQueued, PhaseProcessing:
		falDetail(w, http.StatusBadRequest, "Request is still in progress")
	case PhaseCancelled:
		falInfraError(w, 499, "client_cancelled", "Request was cancelled by the client")
	case PhaseFailed:
		f.falFailure(w, j)
	default:
		body := f.srv.opts.Media[j.Media]
		ctype, ext := "video/mp4", "mp4"
		if strings.HasSuffix(j.Media, ".webm") {
			ctype, ext = "video/webm", "webm"
		}
		WriteJSON(w, http.StatusOK, map[string]any{"video": map[string]any{
			"url": f.srv.MediaURL(j), "content_type": ctype, "file_name": "output." + ext, "file_size": len(body),
		}})
	}
}

// falFailure answers a failed job's result call the two ways fal fails:
// a 422 detail list naming the input at fault, or, for a LateFailure
// with a 5xx Status, an infrastructure error with X-Fal-Error-Type.
func (f *Fal) falFailure(w http.ResponseWriter, j Job) {
	f.mu.Lock()
	fate := f.fates[j.ID]
	f.mu.Unlock()
	if fate.Status >= 500 {
		falInfraError(w, fate.Status, cmp.Or(j.FailCode, "runner_server_error"), j.FailMessage)
		return
	}
	w.Header().Set("X-Fal-Retryable", "false")
	issue := falIssue{Loc: f.opts.FailLoc, Msg: j.FailMessage, Type: cmp.Or(j.FailCode, "value_error")}
	WriteJSON(w, http.StatusUnprocessableEntity, map[string]any{"detail": []falIssue{issue}})
}

// falInfraError is fal's {"detail","error_type"} with X-Fal-Error-Type.
func falInfraError(w http.ResponseWriter, status int, typ, detail string) {
	w.Header().Set("X-Fal-Error-Type", typ)
	WriteJSON(w, status, map[string]string{"detail": detail, "error_type": typ})
}

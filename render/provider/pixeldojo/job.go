package pixeldojo

import (
	"encoding/json"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// job is GET jobs/{id}. Only pending, completed and failed are documented;
// processing is inferred, and the output key varies by model, so every
// field is read leniently.
type job struct {
	JobID  string          `json:"jobId"`
	Status string          `json:"status"`
	Output json.RawMessage `json:"output"`
	Error  json.RawMessage `json:"error"`
	Code   provider.Code   `json:"code"`
	Assets []struct {
		URL string `json:"url"`
	} `json:"assets"`
}

// states maps PixelDojo's statuses, and the spellings of the APIs it
// wraps, to reel's.
var states = map[string]provider.State{
	"pending": provider.Queued, "queued": provider.Queued, "waiting": provider.Queued,
	"processing": provider.Processing, "running": provider.Processing, "in_progress": provider.Processing, "started": provider.Processing,
	"completed": provider.Completed, "succeeded": provider.Completed, "success": provider.Completed,
	"failed": provider.Failed, "error": provider.Failed, "cancelled": provider.Failed, "canceled": provider.Failed,
}

func (j job) status(id string) provider.Status {
	st := provider.Status{JobID: id, State: provider.Processing}
	raw := strings.ToLower(strings.TrimSpace(j.Status))
	if s, ok := states[raw]; ok {
		st.State = s
	} else {
		st.Detail = "status " + j.Status
	}
	switch st.State {
	case provider.Failed:
		st.Err = j.failure()
	case provider.Completed:
		if u := j.videoURL(); u != "" {
			st.Media = &provider.Media{VideoURL: u}
		} else {
			st.State = provider.Failed
			st.Err = &provider.JobError{Code: "no_output", Message: "PixelDojo reported the job completed without a video in its output"}
		}
	}
	return st
}

// failure reads error as a string, or as an object with code and message.
func (j job) failure() *provider.JobError {
	e := &provider.JobError{Code: string(j.Code)}
	var obj struct {
		Code    provider.Code `json:"code"`
		Message string        `json:"message"`
	}
	var s string
	switch {
	case json.Unmarshal(j.Error, &s) == nil:
		e.Message = s
	case json.Unmarshal(j.Error, &obj) == nil:
		e.Message = obj.Message
		if obj.Code != "" {
			e.Code = string(obj.Code)
		}
	}
	if e.Message == "" {
		e.Message = "PixelDojo reported the job failed without a reason"
	}
	return e
}

// videoURL finds the video in output itself, output.url, output.video,
// output.videos[0] or assets[0].url, each a URL or an object with url.
func (j job) videoURL() string {
	if u := urlOf(j.Output); u != "" {
		return u
	}
	var out struct {
		Video  json.RawMessage   `json:"video"`
		Videos []json.RawMessage `json:"videos"`
	}
	if json.Unmarshal(j.Output, &out) == nil {
		if u := urlOf(out.Video); u != "" {
			return u
		}
		if len(out.Videos) > 0 {
			if u := urlOf(out.Videos[0]); u != "" {
				return u
			}
		}
	}
	if len(j.Assets) > 0 {
		return j.Assets[0].URL
	}
	return ""
}

// urlOf reads "https://…" or {"url":"https://…"}.
func urlOf(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var obj struct {
		URL string `json:"url"`
	}
	if json.Unmarshal(raw, &obj) == nil {
		return obj.URL
	}
	return ""
}

package pixeldojo

import (
	"encoding/json"

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

// displayName is how messages name PixelDojo.
const displayName = "PixelDojo"

// status maps the job. PixelDojo documents pending, completed and failed;
// every other word any API documents is read as provider.StatusWord says
// (PixelDojo wraps fal, which wraps HeyGen); a word none documents keeps
// the job waiting, named.
func (j job) status(id string) provider.Status {
	s, cancelled, ok := provider.StatusWord(j.Status)
	if !ok {
		return provider.Unrecognised(id, j.Status)
	}
	st := provider.Status{JobID: id, State: s}
	if cancelled {
		st.Err = provider.Cancelled(displayName, j.Status)
		return st
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

package gmi

import (
	"encoding/json"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// record is GET requests/{id}. Only status and outcome.media_urls are
// documented for a result; the rest is read leniently, as public clients
// read it (see the package doc).
type record struct {
	Status       string          `json:"status"`
	Outcome      json.RawMessage `json:"outcome"`
	Error        json.RawMessage `json:"error"`
	ErrorMessage json.RawMessage `json:"error_message"`
}

// outcome is a record's result, or its failure in some models' answers.
type outcome struct {
	MediaURLs         []media         `json:"media_urls"`
	Medias            []media         `json:"medias"`
	VideoURL          string          `json:"video_url"`
	ThumbnailImageURL string          `json:"thumbnail_image_url"`
	Error             json.RawMessage `json:"error"`
	Message           json.RawMessage `json:"message"`
	ErrorMessage      json.RawMessage `json:"error_message"`
	FailReason        json.RawMessage `json:"fail_reason"`
}

type media struct {
	URL string `json:"url"`
}

// status maps the record to reel's. A success without a video is a
// failure: there is nothing to download.
func (r record) status(id string) provider.Status {
	s, cancelled, ok := provider.StatusWord(r.Status)
	if !ok {
		return provider.Unrecognised(id, r.Status)
	}
	st := provider.Status{JobID: id, State: s}
	out := r.outcome()
	switch {
	case cancelled:
		st.Err = provider.Cancelled(displayName, r.Status)
	case s == provider.Failed:
		st.Err = &provider.JobError{Message: r.reason(out)}
	case s == provider.Completed:
		if u := out.videoURL(); u != "" {
			st.Media = &provider.Media{VideoURL: u, ThumbnailURL: out.ThumbnailImageURL}
		} else {
			st.State = provider.Failed
			st.Err = &provider.JobError{Code: "no_output", Message: "GMI Cloud reported the request succeeded without a video in its outcome"}
		}
	}
	return st
}

// outcome reads the outcome object; anything else (null, a string) is
// empty.
func (r record) outcome() outcome {
	var o outcome
	json.Unmarshal(r.Outcome, &o)
	return o
}

// videoURL is outcome.media_urls[0].url, else video_url, else medias[0].
func (o outcome) videoURL() string {
	switch {
	case len(o.MediaURLs) > 0 && o.MediaURLs[0].URL != "":
		return o.MediaURLs[0].URL
	case o.VideoURL != "":
		return o.VideoURL
	case len(o.Medias) > 0:
		return o.Medias[0].URL
	}
	return ""
}

// reason is the first failure text a failed record carries, where public
// clients look for it.
func (r record) reason(o outcome) string {
	for _, raw := range []json.RawMessage{r.ErrorMessage, r.Error, o.Error, o.Message, o.ErrorMessage, o.FailReason} {
		if s := text(raw); s != "" {
			return s
		}
	}
	return "GMI Cloud reported the request failed without a reason"
}

// text reads a failure given as a string, or as an object with a message
// (or msg, or detail); an empty or unreadable one is "".
func text(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return strings.TrimSpace(s)
	}
	var obj struct {
		Message provider.Code `json:"message"`
		Msg     provider.Code `json:"msg"`
		Detail  provider.Code `json:"detail"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return ""
	}
	for _, v := range []provider.Code{obj.Message, obj.Msg, obj.Detail} {
		if s := strings.TrimSpace(string(v)); s != "" {
			return s
		}
	}
	return ""
}

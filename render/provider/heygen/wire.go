package heygen

import (
	"encoding/json"
	"strings"

	"github.com/reel-dev/reel/render/provider"
)

// lenient is a field read as text whatever its JSON type (string, number,
// null): HeyGen mixes numeric and string codes, and a surprising type in
// an answer must not hide the answer.
type lenient = provider.Code

// v3Video is GET /v3/videos/{id}'s data (heygen-v3-api.json VideoGet).
type v3Video struct {
	ID                string   `json:"id"`
	Status            string   `json:"status"`
	VideoURL          string   `json:"video_url"`
	CaptionedVideoURL string   `json:"captioned_video_url"`
	SubtitleURL       string   `json:"subtitle_url"`
	ThumbnailURL      string   `json:"thumbnail_url"`
	Duration          *float64 `json:"duration"`
	FailureCode       lenient  `json:"failure_code"`
	FailureMessage    lenient  `json:"failure_message"`
}

// v3Item is one entry of GET /v3/videos/statuses; its error object is
// unspecified in the schema, so every likely member is read.
type v3Item struct {
	VideoID string          `json:"video_id"`
	Status  string          `json:"status"`
	Error   json.RawMessage `json:"error"`
}

// v1Envelope is {"code":100,"data":…,"message":"Success"}; a code other
// than 100 is an error even under HTTP 200.
type v1Envelope[T any] struct {
	Code    lenient `json:"code"`
	Message lenient `json:"message"`
	Msg     lenient `json:"msg"`
	Data    *T      `json:"data"`
}

func (e v1Envelope[T]) failed() bool { return e.Code != "" && e.Code != "100" }

// message is the envelope's message, which v1 sends as message, msg or
// both.
func (e v1Envelope[T]) message() string {
	if e.Message != "" {
		return string(e.Message)
	}
	return string(e.Msg)
}

// v2Envelope is {"error":null,"data":…}; a non-null error is an error even
// under HTTP 200.
type v2Envelope[T any] struct {
	Error json.RawMessage `json:"error"`
	Data  *T              `json:"data"`
}

// v1Video is GET /v1/video_status.get's data (seed 004): every key present,
// null until done.
type v1Video struct {
	ID              string          `json:"id"`
	Status          string          `json:"status"`
	VideoURL        string          `json:"video_url"`
	VideoURLCaption string          `json:"video_url_caption"`
	CaptionURL      string          `json:"caption_url"`
	ThumbnailURL    string          `json:"thumbnail_url"`
	Duration        *float64        `json:"duration"`
	Error           json.RawMessage `json:"error"`
}

// jobError reads a failure as HeyGen sends it: an object with code,
// message and detail (or msg), or a bare string (seed 003). Both message
// and detail are kept unless one says the other: 40119's message is "Video
// is too long" and its detail gives the limit.
func jobError(raw json.RawMessage) *provider.JobError {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		if s == "" {
			return nil
		}
		return &provider.JobError{Message: s}
	}
	var obj struct {
		Code    lenient `json:"code"`
		Message lenient `json:"message"`
		Msg     lenient `json:"msg"`
		Detail  lenient `json:"detail"`
	}
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	msg, detail := string(obj.Message), string(obj.Detail)
	if msg == "" {
		msg = string(obj.Msg)
	}
	switch {
	case detail == "" || strings.Contains(msg, detail):
	case msg == "" || strings.Contains(detail, msg):
		msg = detail
	default:
		msg += ": " + detail
	}
	if msg == "" && obj.Code == "" {
		return nil
	}
	return &provider.JobError{Code: string(obj.Code), Message: msg}
}

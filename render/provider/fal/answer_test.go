package fal

import (
	"encoding/json"
	"errors"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

func TestQueueStatus(t *testing.T) {
	for _, tc := range []struct {
		body   string
		state  provider.State
		detail string
	}{
		{`{"status":"IN_QUEUE","queue_position":1234}`, provider.Queued, "queue position 1234"},
		{`{"status":"IN_QUEUE"}`, provider.Queued, ""},
		{`{"status":"IN_PROGRESS","logs":null}`, provider.Processing, ""},
		{`{"status":"IN_PROGRESS","logs":[{"message":"a","level":"INFO"},{"message":"Rendering video: 50%"}]}`, provider.Processing, "Rendering video: 50%"},
		{`{"status":"COMPLETED","metrics":{"inference_time":12.5}}`, provider.Completed, ""},
		{`{"status":"FAILED"}`, provider.Completed, ""}, // read the result for why
		{`{"status":"WARMING_UP"}`, provider.Processing, `status "WARMING_UP"`},
	} {
		var q queueStatus
		if err := json.Unmarshal([]byte(tc.body), &q); err != nil {
			t.Fatal(err)
		}
		if st := q.status("r"); st.State != tc.state || st.Detail != tc.detail || st.JobID != "r" {
			t.Errorf("%s: %+v", tc.body, st)
		}
	}
}

func TestResultError(t *testing.T) {
	h := func(status int, body string) error {
		code, msg := decodeError([]byte(body))
		return &provider.HTTPError{Op: "fal get result", Status: status, Code: code, Message: msg, Body: body}
	}
	for _, tc := range []struct {
		name       string
		err        error
		code, msg  string // a *JobError with these
		notReady   bool
		passedBack bool
	}{
		{"422 list", h(422, `{"detail":[{"loc":["body","image_url"],"msg":"Failed to download the file","type":"file_download_error"}]}`),
			"file_download_error", "body.image_url: Failed to download the file", false, false},
		{"422 string", h(422, `{"detail":"Unprocessable"}`), "", "Unprocessable", false, false},
		{"422 empty", h(422, ``), "", "fal answered 422 without a reason", false, false},
		{"504 timeout", h(504, `{"detail":"Request timed out","error_type":"request_timeout"}`), "request_timeout", "Request timed out", false, false},
		{"400 bad request", h(400, `{"detail":"Bad input","error_type":"bad_request"}`), "bad_request", "Bad input", false, false},
		{"400 in progress", h(400, `{"detail":"Request is still in progress"}`), "", "", true, false},
		{"502 ingress", h(502, `<html><title>502 Bad Gateway</title></html>`), "", "", false, true},
		{"404", h(404, `{"detail":"Request not found"}`), "", "", false, true},
		{"network", errors.New("connection reset"), "", "", false, true},
	} {
		err := resultError("r", tc.err)
		var je *provider.JobError
		switch {
		case tc.notReady:
			if !errors.Is(err, provider.ErrNotReady) {
				t.Errorf("%s: %v, want not ready", tc.name, err)
			}
		case tc.passedBack:
			if err != tc.err {
				t.Errorf("%s: %v, want the call's error back", tc.name, err)
			}
		case !errors.As(err, &je) || je.Code != tc.code || je.Message != tc.msg:
			t.Errorf("%s: %#v, want JobError %s %q", tc.name, err, tc.code, tc.msg)
		}
	}
}

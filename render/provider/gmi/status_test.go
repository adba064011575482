package gmi

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// TestEveryStatusWord: each status GMI documents (queued, dispatched,
// processing, success, failed, cancelled; created in clients) and the
// other APIs' words, as a job's state. A cancelled request fails, saying
// so; a word no API documents keeps the job waiting, named.
func TestEveryStatusWord(t *testing.T) {
	const u = "https://storage.googleapis.com/gmi/out.mp4"
	for _, tc := range []struct {
		word    string
		state   provider.State
		code    string // of the failure
		unknown string
	}{
		{"created", provider.Queued, "", ""},
		{"queued", provider.Queued, "", ""},
		{"dispatched", provider.Queued, "", ""},
		{"processing", provider.Processing, "", ""},
		{"success", provider.Completed, "", ""},
		{"failed", provider.Failed, "", ""},
		{"cancelled", provider.Failed, provider.CodeCancelled, ""},
		{"CANCELED", provider.Failed, provider.CodeCancelled, ""},
		{"pending", provider.Queued, "", ""},
		{"completed", provider.Completed, "", ""},
		{"finished", provider.Processing, "", `"finished"`},
		{"", provider.Processing, "", `""`},
	} {
		t.Run(tc.word, func(t *testing.T) {
			body := fmt.Sprintf(`{"request_id":"r1","status":%q,"outcome":{"media_urls":[{"id":"0","url":%q}]},"error_message":"it broke"}`, tc.word, u)
			st := statusOf(t, body)
			if st.State != tc.state || st.Unknown != tc.unknown {
				t.Fatalf("status %q reads %s (unknown %s), want %s (unknown %s)", tc.word, st.State, st.Unknown, tc.state, tc.unknown)
			}
			switch {
			case tc.state == provider.Completed && (st.Media == nil || st.Media.VideoURL != u):
				t.Fatalf("completed without its video: %+v", st.Media)
			case tc.state == provider.Failed && (st.Err == nil || st.Err.Code != tc.code):
				t.Fatalf("failure %+v, want code %q", st.Err, tc.code)
			case tc.code == provider.CodeCancelled && !strings.Contains(st.Err.Message, "cancelled at GMI Cloud"):
				t.Fatalf("a cancelled request says %q", st.Err.Message)
			}
		})
	}
}

// A success's video and a failure's reason, wherever GMI's models put
// them (public clients read each of these places).
func TestOutcomes(t *testing.T) {
	const u = "https://storage.googleapis.com/gmi/out.mp4"
	for _, tc := range []struct {
		body  string
		state provider.State
		video string
		msg   string
	}{
		{`{"status":"success","outcome":{"media_urls":[{"id":"0","url":"` + u + `"}]}}`, provider.Completed, u, ""},
		{`{"status":"success","outcome":{"video_url":"` + u + `","thumbnail_image_url":"https://x/t.jpg"}}`, provider.Completed, u, ""},
		{`{"status":"success","outcome":{"media_urls":[],"medias":[{"url":"` + u + `"}]}}`, provider.Completed, u, ""},
		{`{"status":"success","outcome":null}`, provider.Failed, "", "without a video"},
		{`{"status":"success","outcome":"done"}`, provider.Failed, "", "without a video"},
		{`{"status":"failed","error_message":"Avatar not found"}`, provider.Failed, "", "Avatar not found"},
		{`{"status":"failed","error":{"code":400,"message":"Voice not found"}}`, provider.Failed, "", "Voice not found"},
		{`{"status":"failed","outcome":{"error":"Content policy"}}`, provider.Failed, "", "Content policy"},
		{`{"status":"failed","outcome":{"message":"rate limit exceeded(RPM)"}}`, provider.Failed, "", "rate limit exceeded(RPM)"},
		{`{"status":"failed","outcome":{"fail_reason":"Timeout"}}`, provider.Failed, "", "Timeout"},
		{`{"status":"failed","error":null,"outcome":null}`, provider.Failed, "", "without a reason"},
	} {
		st := statusOf(t, tc.body)
		switch {
		case st.State != tc.state:
			t.Errorf("%s: %s, want %s", tc.body, st.State, tc.state)
		case tc.video != "" && (st.Media == nil || st.Media.VideoURL != tc.video):
			t.Errorf("%s: media %+v", tc.body, st.Media)
		case tc.msg != "" && (st.Err == nil || !strings.Contains(st.Err.Message, tc.msg)):
			t.Errorf("%s: failure %+v, want %q", tc.body, st.Err, tc.msg)
		}
	}
}

// statusOf is the status of request r1 from a queue that answers body.
func statusOf(t *testing.T, body string) provider.Status {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL, Key: "gmi_test_0123456789", HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	sts, err := c.Status(context.Background(), "r1")
	if err != nil || len(sts) != 1 || sts[0].JobID != "r1" {
		t.Fatalf("Status: %+v, %v", sts, err)
	}
	return sts[0]
}

package heygen

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// TestEveryStatusWord: each status HeyGen documents, on each status call
// (v1's video_status.get for v2 and av4: waiting, pending, processing,
// completed, failed; v3's video: pending, processing, completed, failed;
// v3's bulk statuses: v1's words, queued, not_found), and the words of the
// other APIs' seeds (GMI Cloud's success, dispatched and cancelled), as a
// job's state. A cancelled job fails, saying so; a word no API documents
// keeps the job waiting, named.
func TestEveryStatusWord(t *testing.T) {
	for _, tc := range []struct {
		word    string
		state   provider.State
		code    string // of the failure
		unknown string
	}{
		{"waiting", provider.Queued, "", ""},
		{"pending", provider.Queued, "", ""},
		{"queued", provider.Queued, "", ""},
		{"processing", provider.Processing, "", ""},
		{"completed", provider.Completed, "", ""},
		{"failed", provider.Failed, "40119", ""},
		{"not_found", provider.NotFound, "", ""},
		{"success", provider.Completed, "", ""},
		{"dispatched", provider.Queued, "", ""},
		{"cancelled", provider.Failed, provider.CodeCancelled, ""},
		{"canceled", provider.Failed, provider.CodeCancelled, ""},
		{"draft", provider.Processing, "", `"draft"`},
		{"", provider.Processing, "", `""`},
	} {
		for _, call := range []string{"v1", "v3", "bulk"} {
			if tc.word == "not_found" && call != "bulk" {
				continue // only the bulk call says so in a status; the others answer 404
			}
			t.Run(call+"/"+tc.word, func(t *testing.T) {
				st := statusAnswering(t, call, tc.word)
				if st.State != tc.state || st.Unknown != tc.unknown {
					t.Fatalf("status %q reads %s (unknown %s), want %s (unknown %s)", tc.word, st.State, st.Unknown, tc.state, tc.unknown)
				}
				switch {
				case tc.state == provider.Completed && call != "bulk" && (st.Media == nil || st.Media.VideoURL == ""):
					t.Fatalf("completed without its video: %+v", st.Media)
				case tc.state == provider.Failed && (st.Err == nil || st.Err.Code != tc.code):
					t.Fatalf("failure %+v, want code %q", st.Err, tc.code)
				case tc.code == provider.CodeCancelled && !strings.Contains(st.Err.Message, "cancelled at HeyGen"):
					t.Fatalf("a cancelled job says %q", st.Err.Message)
				}
			})
		}
	}
}

// statusAnswering is the status of video v1 from a HeyGen that reports
// word on call: v1 (a v2 client), v3 (one video) or bulk (two videos).
func statusAnswering(t *testing.T, call, word string) provider.Status {
	t.Helper()
	const u = "https://files.heygen.ai/v.mp4"
	failure := `{"code":40119,"message":"Video is too long"}`
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch {
		case strings.HasPrefix(r.URL.Path, "/v1/video_status.get"):
			fmt.Fprintf(w, `{"code":100,"data":{"id":"v1","status":%q,"video_url":%q,"error":%s},"message":"Success"}`, word, u, failure)
		case r.URL.Path == "/v3/videos/statuses":
			fmt.Fprintf(w, `{"data":[{"video_id":"v1","status":%q,"error":%s},{"video_id":"v2","status":"processing"}]}`, word, failure)
		default:
			fmt.Fprintf(w, `{"data":{"id":"v1","status":%q,"video_url":%q,"failure_code":40119,"failure_message":"Video is too long"}}`, word, u)
		}
	}))
	t.Cleanup(srv.Close)
	api := map[string]string{"v1": V2, "v3": V3, "bulk": V3}[call]
	o := provider.HTTPOptions{Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	c, err := New(Config{API: api, BaseURL: srv.URL, UploadURL: srv.URL, Key: "hg_test_0123456789", HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	ids := []string{"v1"}
	if call == "bulk" {
		ids = append(ids, "v2")
	}
	sts, err := c.Status(context.Background(), ids...)
	if err != nil || len(sts) != len(ids) {
		t.Fatalf("Status: %+v, %v", sts, err)
	}
	return sts[0]
}

package fal

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// TestEveryStatusWord: each status fal documents (IN_QUEUE, IN_PROGRESS,
// COMPLETED, whose result says how the request ended: a video, a 422, or
// fal's client_cancelled for a cancelled request), and the words of the
// other APIs' seeds, as a job's state. A cancelled request fails, saying
// so; a word no API documents keeps the job waiting, named.
func TestEveryStatusWord(t *testing.T) {
	const u = "https://v3b.fal.media/files/b/out.mp4"
	video := answer{200, `{"video":{"url":"` + u + `"}}`}
	invalid := answer{422, `{"detail":[{"loc":["body","image_url"],"msg":"No face","type":"value_error"}]}`}
	cancelled := answer{499, `{"detail":"Request was cancelled by the client","error_type":"client_cancelled"}`}
	for _, tc := range []struct {
		word    string
		result  answer
		state   provider.State
		code    string // of the failure
		unknown string
	}{
		{"IN_QUEUE", video, provider.Queued, "", ""},
		{"IN_PROGRESS", video, provider.Processing, "", ""},
		{"COMPLETED", video, provider.Completed, "", ""},
		{"COMPLETED", invalid, provider.Failed, "value_error", ""},
		{"COMPLETED", cancelled, provider.Failed, provider.CodeCancelled, ""},
		{"FAILED", invalid, provider.Failed, "value_error", ""},
		{"CANCELLED", cancelled, provider.Failed, provider.CodeCancelled, ""},
		{"queued", video, provider.Queued, "", ""},
		{"dispatched", video, provider.Queued, "", ""},
		{"processing", video, provider.Processing, "", ""},
		{"success", video, provider.Completed, "", ""},
		{"on_hold", video, provider.Processing, "", `"on_hold"`},
		{"", video, provider.Processing, "", `""`},
	} {
		t.Run(fmt.Sprintf("%s/%d", tc.word, tc.result.status), func(t *testing.T) {
			st := statusAnswering(t, tc.word, tc.result)
			if st.State != tc.state || st.Unknown != tc.unknown {
				t.Fatalf("status %q reads %s (unknown %s), want %s (unknown %s)", tc.word, st.State, st.Unknown, tc.state, tc.unknown)
			}
			switch {
			case tc.state == provider.Completed && (st.Media == nil || st.Media.VideoURL != u):
				t.Fatalf("completed without its video: %+v", st.Media)
			case tc.state == provider.Failed && (st.Err == nil || st.Err.Code != tc.code):
				t.Fatalf("failure %+v, want code %q", st.Err, tc.code)
			case tc.code == provider.CodeCancelled && !strings.Contains(st.Err.Message, "cancelled at fal"):
				t.Fatalf("a cancelled request says %q", st.Err.Message)
			}
		})
	}
}

type answer struct {
	status int
	body   string
}

// statusAnswering is the status of request r1 from a fal queue that
// reports word and answers the result call with result.
func statusAnswering(t *testing.T, word string, result answer) provider.Status {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if strings.HasSuffix(r.URL.Path, "/status") {
			fmt.Fprintf(w, `{"status":%q,"request_id":"r1","queue_position":3}`, word)
			return
		}
		w.WriteHeader(result.status)
		fmt.Fprint(w, result.body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{QueueURL: srv.URL, RestURL: srv.URL, Key: "fal_test:0123456789", HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	sts, err := c.Status(context.Background(), "r1")
	if err != nil || len(sts) != 1 {
		t.Fatalf("Status: %+v, %v", sts, err)
	}
	return sts[0]
}

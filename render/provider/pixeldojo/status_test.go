package pixeldojo

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// TestEveryStatusWord: each status PixelDojo documents (pending,
// completed, failed; processing inferred), and the words of the APIs it
// wraps, as a job's state. A cancelled job fails, saying so; a word no API
// documents keeps the job waiting, named.
func TestEveryStatusWord(t *testing.T) {
	const u = "https://temp.pixeldojo.ai/v.mp4"
	for _, tc := range []struct {
		word    string
		state   provider.State
		code    string // of the failure
		unknown string
	}{
		{"pending", provider.Queued, "", ""},
		{"processing", provider.Processing, "", ""},
		{"completed", provider.Completed, "", ""},
		{"failed", provider.Failed, "", ""},
		{"waiting", provider.Queued, "", ""},
		{"queued", provider.Queued, "", ""},
		{"dispatched", provider.Queued, "", ""},
		{"success", provider.Completed, "", ""},
		{"cancelled", provider.Failed, provider.CodeCancelled, ""},
		{"Canceled", provider.Failed, provider.CodeCancelled, ""},
		{"on_hold", provider.Processing, "", `"on_hold"`},
		{"", provider.Processing, "", `""`},
	} {
		t.Run(tc.word, func(t *testing.T) {
			body := fmt.Sprintf(`{"jobId":"job_1","status":%q,"output":{"video":%q},"error":"it broke"}`, tc.word, u)
			st := jobAnswering(t, body)
			if st.State != tc.state || st.Unknown != tc.unknown {
				t.Fatalf("status %q reads %s (unknown %s), want %s (unknown %s)", tc.word, st.State, st.Unknown, tc.state, tc.unknown)
			}
			switch {
			case tc.state == provider.Completed && (st.Media == nil || st.Media.VideoURL != u):
				t.Fatalf("completed without its video: %+v", st.Media)
			case tc.state == provider.Failed && (st.Err == nil || st.Err.Code != tc.code):
				t.Fatalf("failure %+v, want code %q", st.Err, tc.code)
			case tc.code == provider.CodeCancelled && !strings.Contains(st.Err.Message, "cancelled at PixelDojo"):
				t.Fatalf("a cancelled job says %q", st.Err.Message)
			}
		})
	}
}

// jobAnswering is the status of job_1 from a PixelDojo that answers body.
func jobAnswering(t *testing.T, body string) provider.Status {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, body)
	}))
	t.Cleanup(srv.Close)
	c, err := New(Config{BaseURL: srv.URL, Key: "pd_test_0123456789", HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	sts, err := c.Status(context.Background(), "job_1")
	if err != nil || len(sts) != 1 {
		t.Fatalf("Status: %+v, %v", sts, err)
	}
	return sts[0]
}

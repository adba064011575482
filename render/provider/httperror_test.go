package provider

import (
	"errors"
	"fmt"
	"strings"
	"testing"
)

func TestHTTPErrorText(t *testing.T) {
	for _, tc := range []struct {
		e    HTTPError
		want string
	}{
		{HTTPError{Op: "heygen create video", Method: "POST", URL: "https://api.heygen.com/v3/videos", Status: 402, Code: "insufficient_credit", Message: "Insufficient credit"},
			"heygen create video: 402 insufficient_credit: Insufficient credit (POST https://api.heygen.com/v3/videos)"},
		{HTTPError{Op: "fal get result", Method: "GET", URL: "https://queue.fal.run/x", Status: 500},
			"fal get result: 500: Internal Server Error (GET https://queue.fal.run/x)"},
		{HTTPError{Op: "pixeldojo get job", Method: "GET", URL: "https://pixeldojo.ai/api/v1/jobs/j", Status: 503, Body: "upstream overloaded\nretry later"},
			"pixeldojo get job: 503: upstream overloaded (GET https://pixeldojo.ai/api/v1/jobs/j)"},
		{HTTPError{Op: "heygen create video", Method: "POST", URL: "https://api.heygen.com/v3/videos", Err: errors.New("connection reset by peer")},
			"heygen create video: connection reset by peer (POST https://api.heygen.com/v3/videos)"},
	} {
		if got := tc.e.Error(); got != tc.want {
			t.Errorf("got  %s\nwant %s", got, tc.want)
		}
	}
}

func TestUncertain(t *testing.T) {
	for _, tc := range []struct {
		e    *HTTPError
		want bool
	}{
		{&HTTPError{Method: "POST", Status: 0, Err: errors.New("reset")}, true},
		{&HTTPError{Method: "POST", Status: 502}, true},
		{&HTTPError{Method: "POST", Status: 200, Err: errors.New("not JSON")}, true},
		{&HTTPError{Method: "POST", Status: 400}, false},
		{&HTTPError{Method: "POST", Status: 429}, false},
		{&HTTPError{Method: "GET", Status: 0}, false},
		{&HTTPError{Method: "GET", Status: 502}, false},
	} {
		if got := Uncertain(fmt.Errorf("wrapped: %w", tc.e)); got != tc.want {
			t.Errorf("Uncertain(%s %d %v) = %v", tc.e.Method, tc.e.Status, tc.e.Err, got)
		}
	}
	if Uncertain(errors.New("plain")) {
		t.Error("a plain error is not uncertain")
	}
}

func TestSnippetBounds(t *testing.T) {
	long := strings.Repeat("line\n", 20)
	if s := snippet([]byte(long)); strings.Count(s, "\n") != 7 || !strings.HasSuffix(s, "…") {
		t.Errorf("20 lines kept as %q", s)
	}
	wide := strings.Repeat("é", 600)
	s := snippet([]byte(wide))
	if len(s) > snippetBytes+len("…") || !strings.HasSuffix(s, "…") || strings.ContainsRune(s, '\uFFFD') {
		t.Errorf("wide body kept as %d bytes: %q", len(s), s[len(s)-10:])
	}
	if s := snippet([]byte("  short\n")); s != "short" {
		t.Errorf("short body kept as %q", s)
	}
}

package provider

import (
	"net/http"
	"net/url"
	"testing"
)

func TestRedactURL(t *testing.T) {
	for in, want := range map[string]string{
		"https://files.heygen.ai/v.mp4?Expires=1735689600&Signature=abc~def&Key-Pair-Id=K2":                                                  "https://files.heygen.ai/v.mp4?Expires=REDACTED&Signature=REDACTED&Key-Pair-Id=REDACTED",
		"https://s3.amazonaws.com/b/v.mp4?X-Amz-Algorithm=AWS4&X-Amz-Credential=AK%2F1&X-Amz-Signature=ff&response-content-type=video%2Fmp4": "https://s3.amazonaws.com/b/v.mp4?X-Amz-Algorithm=REDACTED&X-Amz-Credential=REDACTED&X-Amz-Signature=REDACTED&response-content-type=video%2Fmp4",
		"https://acct.blob.core.windows.net/c/v.mp4?sv=2024&se=2026&sr=b&sp=r&sig=xyz":                                                       "https://acct.blob.core.windows.net/c/v.mp4?sv=REDACTED&se=REDACTED&sr=REDACTED&sp=REDACTED&sig=REDACTED",
		"https://api.heygen.com/v1/video_status.get?video_id=v42&api_key=sk_live":                                                            "https://api.heygen.com/v1/video_status.get?video_id=v42&api_key=REDACTED",
		"https://user:pw@host.example/p?access_token=t&page=2#frag":                                                                          "https://host.example/p?access_token=REDACTED&page=2",
		"https://queue.fal.run/fal-ai/heygen/requests/r1/status?logs=1":                                                                      "https://queue.fal.run/fal-ai/heygen/requests/r1/status?logs=1",
	} {
		u, err := url.Parse(in)
		if err != nil {
			t.Fatal(err)
		}
		if got := RedactURL(u); got != want {
			t.Errorf("RedactURL(%s)\n got %s\nwant %s", in, got, want)
		}
	}
	if got := RedactURLString("%zz://"); got != "(unparsable URL)" {
		t.Errorf("unparsable URL printed as %q", got)
	}
}

func TestRedactHeader(t *testing.T) {
	h := http.Header{"Authorization": {"Bearer pd_x"}, "X-Api-Key": {"k"}, "Idempotency-Key": {"rk"}, "Content-Type": {"application/json"}}
	r := redactHeader(h)
	if r.Get("Authorization") != Redacted || r.Get("X-Api-Key") != Redacted || r.Get("Idempotency-Key") != "rk" || h.Get("X-Api-Key") != "k" {
		t.Fatalf("redacted %v from %v", r, h)
	}
}

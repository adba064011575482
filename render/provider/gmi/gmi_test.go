package gmi

import (
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// The create is {"model", "payload"}: the configured model, and the body
// reel resolved, byte for byte, under Bearer auth on the queue's path.
func TestSubmitWrapsThePayload(t *testing.T) {
	for _, model := range []string{"", "heygen-avatar-v4"} {
		f := fake.NewGMI(fake.GMIOptions{})
		t.Cleanup(f.Close)
		c, err := New(Config{BaseURL: f.BaseURL(), Key: f.Key(), Model: model, HTTPOptions: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		body := f.Body("Hello from Daisy.")
		job, err := c.Submit(context.Background(), provider.Submission{Key: "ab12", Body: body})
		if err != nil || job.ID == "" || job.Replayed {
			t.Fatalf("Submit: %+v, %v", job, err)
		}
		got := f.Server().Requests(fake.RouteCreate)
		var sent struct {
			Model   string          `json:"model"`
			Payload json.RawMessage `json:"payload"`
		}
		json.Unmarshal(got[0].Body, &sent)
		want := model
		if want == "" {
			want = DefaultModel
		}
		if len(got) != 1 || got[0].Path != "/api/v1/ie/requestqueue/apikey/requests" || sent.Model != want ||
			string(sent.Payload) != string(body) || got[0].Header.Get("Authorization") != "Bearer "+f.Key() ||
			got[0].Header.Get("Content-Type") != "application/json" {
			t.Fatalf("fake received %s %s %s", got[0].Path, got[0].Header, got[0].Body)
		}
	}
}

// Refused creates are certain (nothing to check in GMI's console), say
// what GMI said, and cost nothing.
func TestSubmitRefused(t *testing.T) {
	f, c := start(t, fake.GMIOptions{}, quiet())
	ctx := context.Background()
	wrongKey, _ := New(Config{BaseURL: f.BaseURL(), Key: "gmi_wrong_0123456789", HTTPOptions: quiet()})
	otherModel, _ := New(Config{BaseURL: f.BaseURL(), Key: f.Key(), Model: "heygen-avatar-9", HTTPOptions: quiet()})
	good := provider.Submission{Body: f.Body("hi")}
	for _, tc := range []struct {
		name   string
		c      *Client
		s      provider.Submission
		status int
		says   string
	}{
		{"wrong key", wrongKey, good, 401, "Invalid or missing API key"},
		{"unknown model", otherModel, good, 404, "heygen-avatar-9"},
		{"invalid payload", c, provider.Submission{Body: []byte(`{"video_inputs":[]}`)}, 400, "video_inputs is invalid"},
	} {
		_, err := tc.c.Submit(ctx, tc.s)
		if provider.StatusOf(err) != tc.status || provider.Uncertain(err) || !strings.Contains(err.Error(), tc.says) {
			t.Errorf("%s: %v (uncertain %v), want a certain %d saying %q", tc.name, err, provider.Uncertain(err), tc.status, tc.says)
		}
	}
	if _, err := c.Submit(ctx, provider.Submission{Body: []byte(`{not json`)}); err == nil || provider.Uncertain(err) || len(f.Server().Requests(fake.RouteCreate)) != 3 {
		t.Errorf("a body that is not JSON: %v; it must fail before anything is sent", err)
	}
	if l := f.Server().Ledger(); len(l) != 0 {
		t.Fatalf("refused creates were charged: %v", l)
	}
}

func TestBaseURL(t *testing.T) {
	t.Setenv(KeyEnv, "gmi_env_0123456789")
	t.Setenv(BaseEnv, "")
	c, err := New(Config{})
	if err != nil || c.http.Base().String() != DefaultBaseURL {
		t.Fatalf("default base: %v, %v", c, err)
	}
	t.Setenv(BaseEnv, "https://proxy.example.com/gmi/")
	if c, _ := New(Config{}); c.http.Base().String() != "https://proxy.example.com/gmi" {
		t.Fatalf("GMI_API_BASE not used: %s", c.http.Base())
	}
	if c, _ := New(Config{BaseURL: "https://other.example.com/q"}); c.http.Base().String() != "https://other.example.com/q" {
		t.Fatalf("base_url does not win: %s", c.http.Base())
	}
	if _, err := New(Config{BaseURL: "http://gmi.example.com"}); err == nil || !strings.Contains(err.Error(), "https") {
		t.Fatalf("plain http off loopback: %v", err)
	}
	t.Setenv(KeyEnv, "")
	if _, err := New(Config{}); !errors.Is(err, provider.ErrNoKey) || !strings.Contains(err.Error(), KeyEnv) {
		t.Fatalf("no key: %v", err)
	}
}

func TestUploadAndCancelAreUnsupported(t *testing.T) {
	_, c := start(t, fake.GMIOptions{}, quiet())
	_, err := c.Upload(context.Background(), provider.Asset{Path: "/p/anna.png"})
	if !errors.Is(err, provider.ErrUnsupported) || !strings.Contains(err.Error(), "anna.png") || !strings.Contains(err.Error(), "public https URL") {
		t.Fatalf("Upload: %v", err)
	}
	err = c.Cancel(context.Background(), "r1")
	if !errors.Is(err, provider.ErrUnsupported) || !strings.Contains(err.Error(), "console") {
		t.Fatalf("Cancel: %v", err)
	}
}

// Result says a running request is not ready, a failed one why, and a
// request GMI does not know is a 404.
func TestResult(t *testing.T) {
	f, c := start(t, fake.GMIOptions{}, quiet())
	ctx := context.Background()
	f.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Message: "avatar Daisy not found", Times: 1})
	bad, _ := c.Submit(ctx, provider.Submission{Body: f.Body("fails")})
	if _, err := c.Result(ctx, bad.ID); !errors.Is(err, provider.ErrNotReady) {
		t.Fatalf("Result of a queued request: %v", err)
	}
	f.Server().Advance(fake.DefaultTimeline.Queued + fake.DefaultTimeline.Processing)
	var je *provider.JobError
	if _, err := c.Result(ctx, bad.ID); !errors.As(err, &je) || je.Message != "avatar Daisy not found" {
		t.Fatalf("Result of a failed request: %v", err)
	}
	if _, err := c.Result(ctx, "nope"); provider.StatusOf(err) != 404 {
		t.Fatalf("Result of an unknown request: %v", err)
	}
}

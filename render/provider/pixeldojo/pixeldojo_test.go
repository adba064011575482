package pixeldojo

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// quiet are HTTP options that never wait and never log.
func quiet() provider.HTTPOptions {
	return provider.HTTPOptions{
		Retry: provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
		Debug: &bytes.Buffer{},
	}
}

func TestSubmitSendsTheBodyAsGiven(t *testing.T) {
	f, c := start(t, fake.PixelDojoOptions{}, quiet())
	body := json.RawMessage(`{"image":"https://cdn.example.com/anna.png",  "prompt":"Hi","backgroundType":"color","backgroundValue":"#0A2540","caption":true}`)
	job, err := c.Submit(context.Background(), provider.Submission{Key: "ab12", Body: body})
	id := job.ID
	if err != nil {
		t.Fatal(err)
	}
	got := f.Server().Requests(fake.RouteCreate)
	if len(got) != 1 || !bytes.Equal(got[0].Body, body) || got[0].Path != "/api/v1/models/heygen-avatar/run" ||
		got[0].Header.Get("Authorization") != "Bearer "+f.Key() || got[0].Header.Get("Content-Type") != "application/json" {
		t.Fatalf("fake received %+v", got)
	}
	if c.Name() != "pixeldojo" || !strings.HasPrefix(id, "job_") {
		t.Fatalf("name %q id %q", c.Name(), id)
	}
}

func TestSubmitErrors(t *testing.T) {
	for _, flat := range []bool{false, true} {
		f, c := start(t, fake.PixelDojoOptions{FlatErrors: flat}, quiet())
		ctx := context.Background()
		valid := provider.Submission{Body: f.Body("hi")}
		bad, _ := New(Config{BaseURL: f.BaseURL(), Key: "pd_wrong_key_123456", HTTPOptions: quiet()})
		other, _ := New(Config{BaseURL: f.BaseURL(), Key: f.Key(), Model: "flux-pro", HTTPOptions: quiet()})
		run := func(p *Client, s provider.Submission) error { _, err := p.Submit(ctx, s); return err }
		cases := []struct {
			name   string
			err    func() error
			status int
			code   string
			msg    string
		}{
			{"bad key", func() error { return run(bad, valid) }, 401, "unauthorized", "Invalid or missing API key"},
			{"other model", func() error { return run(other, valid) }, 404, "model_not_found", "flux-pro"},
			{"invalid", func() error { return run(c, provider.Submission{Body: []byte(`{"prompt":"hi"}`)}) }, 400, "invalid_request", "image is required"},
			{"no credits", func() error { f.SetCredits(0); return run(c, valid) }, 402, "insufficient_credits", "Not enough credits"},
			{"rate limited", func() error {
				f.SetCredits(1000)
				f.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.Status, Status: 429})
				return run(c, valid)
			}, 429, "rate_limited", ""},
		}
		for _, tc := range cases {
			err := tc.err()
			var h *provider.HTTPError
			if !errors.As(err, &h) || h.Status != tc.status || h.Code != tc.code || !strings.Contains(h.Message, tc.msg) {
				t.Errorf("flat=%v %s: %v", flat, tc.name, err)
				continue
			}
			if want := "pixeldojo run "; !strings.HasPrefix(err.Error(), want) || provider.Uncertain(err) {
				t.Errorf("flat=%v %s: %q (uncertain %v)", flat, tc.name, err, provider.Uncertain(err))
			}
		}
		if l := f.Server().Ledger(); len(l) != 0 {
			t.Errorf("flat=%v: refused runs were charged: %v", flat, l)
		}
	}
}

func TestSubmitAnswerWithoutJobID(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(202)
		w.Write([]byte(`{"status":"pending"}`))
	}))
	defer srv.Close()
	c, err := New(Config{BaseURL: srv.URL + "/api/v1", Key: "pd_test_0123456789", HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Submit(context.Background(), provider.Submission{Body: []byte(`{}`)})
	if err == nil || !provider.Uncertain(err) || !strings.Contains(err.Error(), "202: the answer has no jobId (POST ") {
		t.Fatalf("err = %v", err)
	}
}

func TestUploadAndCancelUnsupported(t *testing.T) {
	_, c := start(t, fake.PixelDojoOptions{}, quiet())
	_, err := c.Upload(context.Background(), provider.Asset{Path: "/home/me/assets/anna.png"})
	if !errors.Is(err, provider.ErrUnsupported) || !strings.Contains(err.Error(), "PixelDojo takes public https URLs only") {
		t.Fatalf("Upload: %v", err)
	}
	if err := c.Cancel(context.Background(), "job_1"); !errors.Is(err, provider.ErrUnsupported) {
		t.Fatalf("Cancel: %v", err)
	}
}

func TestStatusCarriesMediaWhenCompleted(t *testing.T) {
	f, c := start(t, fake.PixelDojoOptions{}, quiet())
	ctx := context.Background()
	job, err := c.Submit(ctx, provider.Submission{Body: f.Body("hi")})
	id := job.ID
	if err != nil {
		t.Fatal(err)
	}
	f.Server().Advance(time.Hour)
	sts, err := c.Status(ctx, id)
	if err != nil || sts[0].State != provider.Completed || sts[0].Media == nil || !strings.Contains(sts[0].Media.VideoURL, "/files/"+id+"/") {
		t.Fatalf("%+v %v", sts, err)
	}
}

func TestNewReadsTheEnvironment(t *testing.T) {
	t.Setenv(EnvKey, "")
	t.Setenv(EnvAPIBase, "")
	if _, err := New(Config{}); !errors.Is(err, provider.ErrNoKey) || !strings.Contains(err.Error(), "PIXELDOJO_API_KEY is not set") {
		t.Fatalf("no key: %v", err)
	}
	f, _ := start(t, fake.PixelDojoOptions{}, quiet())
	t.Setenv(EnvKey, f.Key())
	t.Setenv(EnvAPIBase, f.BaseURL())
	c, err := New(Config{HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Submit(context.Background(), provider.Submission{Body: f.Body("env")}); err != nil {
		t.Fatal(err)
	}
	t.Setenv(EnvAPIBase, "http://pixeldojo.example.com/api/v1")
	if _, err := New(Config{}); err == nil || !strings.Contains(err.Error(), "PIXELDOJO_API_BASE") {
		t.Fatalf("plain http base: %v", err)
	}
	if _, err := New(Config{BaseURL: "https://proxy.example.com/pd"}); err != nil {
		t.Fatalf("configured base: %v", err)
	}
}

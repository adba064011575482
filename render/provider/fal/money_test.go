package fal

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// fal locks an account whose balance ran out and answers its billable
// calls, a submit or an upload, with 403 and a detail saying why: that is
// a provider.ErrNoCredits; other 403s and refusals are not.
func TestRefusedForWantOfCredit(t *testing.T) {
	png := filepath.Join(t.TempDir(), "face.png")
	if err := os.WriteFile(png, []byte("\x89PNG\r\n\x1a\nface"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name   string
		status int
		body   string
		money  bool
	}{
		{"exhausted balance", 403, `{"detail":"User is locked. Reason: Exhausted balance. Top up your balance at fal.ai/dashboard/billing."}`, true},
		{"top up", 403, `{"detail":"User is locked. Reason: TOP_UP."}`, true},
		{"402", 402, `{"detail":"Payment required"}`, true},
		{"admin lock", 403, `{"detail":"User is locked. Reason: Admin lock. Please contact support@fal.ai"}`, false},
		{"bad key", 401, `{"detail":"Invalid API key"}`, false},
		{"validation", 422, `{"detail":[{"loc":["body","image_url"],"msg":"field required","type":"missing"}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			}))
			t.Cleanup(srv.Close)
			c, err := New(Config{QueueURL: srv.URL, RestURL: srv.URL, Key: "fal_test:0123456789", HTTPOptions: quiet()})
			if err != nil {
				t.Fatal(err)
			}
			_, serr := c.Submit(context.Background(), provider.Submission{Body: []byte(`{"image_url":"https://x/y.png"}`)})
			_, uerr := c.Upload(context.Background(), provider.Asset{Path: png, MIME: "image/png"})
			for call, err := range map[string]error{"submit": serr, "upload": uerr} {
				if err == nil || errors.Is(err, provider.ErrNoCredits) != tc.money {
					t.Errorf("%s: %v; want ErrNoCredits %t", call, err, tc.money)
				}
			}
		})
	}
}

// Against its fake, an account whose balance is spent refuses the submit
// and the upload, each a provider.ErrNoCredits; topped up, both go.
func TestExhaustedBalanceAtTheFake(t *testing.T) {
	f := fake.NewFal(fake.FalOptions{})
	t.Cleanup(f.Close)
	c, err := New(Config{QueueURL: f.QueueURL(), RestURL: f.RestURL(), Key: f.Key(), HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	png := filepath.Join(t.TempDir(), "face.png")
	if err := os.WriteFile(png, []byte("\x89PNG\r\n\x1a\nface"), 0o644); err != nil {
		t.Fatal(err)
	}
	f.SetBalance(0)
	if _, err := c.Submit(context.Background(), provider.Submission{Body: f.Body("Locked.")}); !errors.Is(err, provider.ErrNoCredits) {
		t.Fatalf("submit: %v, want ErrNoCredits", err)
	}
	if _, err := c.Upload(context.Background(), provider.Asset{Path: png, MIME: "image/png"}); !errors.Is(err, provider.ErrNoCredits) {
		t.Fatalf("upload: %v, want ErrNoCredits", err)
	}
	f.SetBalance(1000)
	if _, err := c.Submit(context.Background(), provider.Submission{Body: f.Body("Unlocked.")}); err != nil {
		t.Fatalf("submit after a top-up: %v", err)
	}
}

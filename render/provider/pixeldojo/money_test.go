package pixeldojo

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// PixelDojo's 402 insufficient_credits (seed 000), from its fake run out
// of credits and in either error envelope, is a provider.ErrNoCredits;
// its other errors are not.
func TestCreateRefusedForWantOfCredit(t *testing.T) {
	f := fake.NewPixelDojo(fake.PixelDojoOptions{})
	t.Cleanup(f.Close)
	f.SetCredits(fake.PixelDojoCreditCost - 1)
	c, err := New(Config{BaseURL: f.BaseURL(), Key: f.Key(), HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Submit(context.Background(), provider.Submission{Body: f.Body("Hello")}); !errors.Is(err, provider.ErrNoCredits) {
		t.Fatalf("the fake out of credits: %v, want ErrNoCredits", err)
	}
	for _, tc := range []struct {
		status int
		body   string
		money  bool
	}{
		{402, `{"error":{"code":"insufficient_credits","message":"Not enough credits"}}`, true},
		{402, `{"error":"Not enough credits","code":"insufficient_credits"}`, true},
		{400, `{"error":"Not enough credits","code":"insufficient_credits"}`, true},
		{400, `{"error":{"code":"invalid_request","message":"image is required"}}`, false},
		{429, `{"error":{"code":"rate_limited","message":"Too many requests"}}`, false},
		{401, `{"error":{"code":"unauthorized","message":"Invalid or missing API key"}}`, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			io.WriteString(w, tc.body)
		}))
		c, err := New(Config{BaseURL: srv.URL, Key: "pd_test_0123456789", HTTPOptions: quiet()})
		if err != nil {
			t.Fatal(err)
		}
		_, err = c.Submit(context.Background(), provider.Submission{Body: []byte(`{}`)})
		if err == nil || errors.Is(err, provider.ErrNoCredits) != tc.money {
			t.Errorf("%d %s: %v; want ErrNoCredits %t", tc.status, tc.body, err, tc.money)
		}
		srv.Close()
	}
}

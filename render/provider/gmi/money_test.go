package gmi

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// GMI documents no error for an account that cannot pay: a 402, or the
// codes other APIs send for it, is a provider.ErrNoCredits; its other
// refusals are not.
func TestCreateRefusedForWantOfCredit(t *testing.T) {
	for _, tc := range []struct {
		status int
		body   string
		money  bool
	}{
		{402, `{"error":"Payment required"}`, true},
		{402, ``, true},
		{400, `{"error":{"code":"insufficient_balance","message":"Insufficient balance"}}`, true},
		{400, `{"error":"model not found","code":"invalid_model"}`, false},
		{401, `{"error":"invalid api key"}`, false},
	} {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(tc.status)
			io.WriteString(w, tc.body)
		}))
		c, err := New(Config{BaseURL: srv.URL, Key: "gmi_test_0123456789", HTTPOptions: quiet()})
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

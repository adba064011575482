package heygen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// A create HeyGen refuses because the account cannot pay is a
// provider.ErrNoCredits, on every API and in each envelope HeyGen sends
// it in; any other refusal is not, so it does not stop a run's creates.
func TestCreateRefusedForWantOfCredit(t *testing.T) {
	for _, tc := range []struct {
		api, name string
		status    int
		body      string
		money     bool
	}{
		{V3, "402 insufficient_credit", 402, `{"error":{"code":"insufficient_credit","message":"Insufficient credit","param":null,"doc_url":"https://developers.heygen.com/docs/error-codes"}}`, true},
		{V3, "402 without a body", 402, ``, true},
		{V2, "402 v2 envelope", 402, `{"error":{"code":"insufficient_credit","message":"Insufficient credit"},"data":null}`, true},
		{AV4, "400 MOVIO code", 400, `{"error":{"code":"MOVIO_PAYMENT_INSUFFICIENT_CREDIT","message":"Insufficient credit. This operation requires 'api' credits."},"data":null}`, true},
		{V2, "200 with the code in its error", 200, `{"error":{"code":"MOVIO_PAYMENT_INSUFFICIENT_CREDIT","message":"Insufficient credit"},"data":null}`, true},
		{V3, "400 invalid_parameter", 400, `{"error":{"code":"invalid_parameter","message":"script must not be empty","param":"script"}}`, false},
		{V3, "403 forbidden", 403, `{"error":{"code":"forbidden","message":"Your account doesn't have API access"}}`, false},
		{V2, "400 daily limit", 400, `{"code":400140,"detail":"Daily rate limit exceeded","message":"Exceed rate limit"}`, false},
	} {
		t.Run(tc.api+"/"+tc.name, func(t *testing.T) {
			c := clientAnswering(t, tc.api, func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "application/json")
				w.WriteHeader(tc.status)
				io.WriteString(w, tc.body)
			})
			_, err := c.Submit(context.Background(), provider.Submission{Key: strings.Repeat("a", 64), Body: []byte(`{}`)})
			if err == nil {
				t.Fatal("Submit took a refused create")
			}
			if errors.Is(err, provider.ErrNoCredits) != tc.money {
				t.Fatalf("errors.Is(%v, ErrNoCredits) = %t, want %t", err, !tc.money, tc.money)
			}
			var he *provider.HTTPError
			if !errors.As(err, &he) || provider.Uncertain(err) {
				t.Fatalf("%v: want a certain *HTTPError inside", err)
			}
		})
	}
}

// A video the legacy APIs took and then failed for want of credit says so
// (JobError.NoCredits); a video that failed otherwise does not.
func TestLateFailureForWantOfCredit(t *testing.T) {
	for _, tc := range []struct {
		code  string
		money bool
	}{
		{`"MOVIO_PAYMENT_INSUFFICIENT_CREDIT"`, true},
		{`"insufficient_credit"`, true},
		{`40119`, false},
		{`null`, false},
	} {
		for _, api := range []string{V2, V3} {
			t.Run(api+"/"+tc.code, func(t *testing.T) {
				c := clientAnswering(t, api, func(w http.ResponseWriter, r *http.Request) {
					w.Header().Set("Content-Type", "application/json")
					if api == V3 {
						fmt.Fprintf(w, `{"data":{"id":"v1","status":"failed","failure_code":%s,"failure_message":"It broke"}}`, tc.code)
						return
					}
					fmt.Fprintf(w, `{"code":100,"data":{"id":"v1","status":"failed","error":{"code":%s,"message":"It broke"}},"message":"Success"}`, tc.code)
				})
				sts, err := c.Status(context.Background(), "v1")
				if err != nil {
					t.Fatal(err)
				}
				if e := sts[0].Err; e == nil || e.NoCredits != tc.money {
					t.Fatalf("failure %+v, want NoCredits %t", e, tc.money)
				}
			})
		}
	}
}

// clientAnswering is a client of api whose every call h answers.
func clientAnswering(t *testing.T, api string, h http.HandlerFunc) *Client {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	o := provider.HTTPOptions{Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	c, err := New(Config{API: api, BaseURL: srv.URL, UploadURL: srv.URL, Key: "hg_test_0123456789", HTTPOptions: o})
	if err != nil {
		t.Fatal(err)
	}
	return c
}

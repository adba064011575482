package heygen

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// An error envelope under HTTP 200 is an error, and a certain one: the
// server answered that it did not act.
func TestErrorEnvelopeUnder200(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/v2/video/generate":
			w.Write([]byte(`{"error":{"code":"internal_error","message":"This avatar does not support unlimited mode"},"data":null}`))
		case "/v1/video_status.get":
			w.Write([]byte(`{"code":40031,"msg":"Invalid video id","data":null}`))
		}
	}))
	defer srv.Close()
	c, err := New(Config{API: V2, BaseURL: srv.URL, UploadURL: srv.URL, Key: "hg_test_key_123456", HTTPOptions: noSleep})
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Submit(context.Background(), provider.Submission{Body: []byte(`{}`)})
	var he *provider.HTTPError
	if !errors.As(err, &he) || he.Code != "internal_error" || he.Message != "This avatar does not support unlimited mode" || provider.Uncertain(err) {
		t.Fatalf("create: %v (uncertain %v)", err, provider.Uncertain(err))
	}
	_, err = c.Status(context.Background(), "x")
	if !errors.As(err, &he) || he.Code != "40031" || he.Message != "Invalid video id" {
		t.Fatalf("status: %v", err)
	}
}

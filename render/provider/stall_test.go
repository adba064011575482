package provider

import (
	"context"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"
)

// Stall gives up on a download that stops sending, whether before the
// headers or in the middle of the body, and never on one that is slow but
// keeps going.
func TestStall(t *testing.T) {
	const idle = 100 * time.Millisecond
	hang := func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	midway := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "1000")
		io.WriteString(w, "\x00\x00\x00\x18ftyp")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	trickle := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "10")
		for range 10 { // a byte every 40 ms: 400 ms in all, never 100 ms idle
			io.WriteString(w, "x")
			w.(http.Flusher).Flush()
			time.Sleep(40 * time.Millisecond)
		}
	}
	for _, tc := range []struct {
		name string
		h    http.HandlerFunc
		err  string
	}{
		{"no headers", hang, "stalled: no data for 100ms"},
		{"stops mid-body", midway, "stalled: no data for 100ms"},
		{"slow but steady", trickle, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newScript(t, tc.h)
			d := Stall(&http.Client{}, idle)
			start := time.Now()
			n, err := Download(context.Background(), d, s.srv.URL+"/v.mp4?X-Amz-Signature=sekrit", io.Discard)
			took := time.Since(start)
			if tc.err == "" {
				if err != nil || n != 10 || took < 300*time.Millisecond {
					t.Fatalf("n=%d err=%v after %s, want the whole slow body", n, err, took)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "sekrit") {
				t.Fatalf("err = %v, want %q without the signature", err, tc.err)
			}
			if took > 2*time.Second {
				t.Fatalf("gave up after %s", took)
			}
		})
	}
}

// The caller's own cancellation is reported as such, not as a stall.
func TestStallKeepsCallerCancel(t *testing.T) {
	s := newScript(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	_, err := Download(ctx, Stall(&http.Client{}, time.Minute), s.srv.URL+"/v.mp4", io.Discard)
	if err == nil || strings.Contains(err.Error(), "stalled") || ctx.Err() == nil {
		t.Fatalf("err = %v, want the caller's deadline", err)
	}
}

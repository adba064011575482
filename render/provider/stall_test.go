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
// keeps going. The bound runs on a manual clock: the test moves it once
// the server has stopped, or between the bytes of a slow body.
func TestStall(t *testing.T) {
	const idle = 100 * time.Millisecond
	for _, tc := range []struct {
		name  string
		sends int // bytes of the body sent before it stops; -1: no headers
		err   string
	}{
		{"no headers", -1, "stalled: no data for 100ms"},
		{"stops mid-body", 4, "stalled: no data for 100ms"},
		{"slow but steady", 10, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			clock := &manualClock{}
			next, arrived := make(chan struct{}), make(chan struct{}, 1)
			s := newScript(t, func(w http.ResponseWriter, r *http.Request) {
				if tc.sends < 0 {
					arrived <- struct{}{}
					<-r.Context().Done()
					return
				}
				w.Header().Set("Content-Length", "10")
				for range tc.sends {
					io.WriteString(w, "x")
					w.(http.Flusher).Flush()
					select {
					case <-next:
					case <-r.Context().Done():
						return
					}
				}
				<-r.Context().Done()
			})
			got := &signalWriter{wrote: make(chan struct{})}
			done := make(chan error, 1)
			go func() {
				_, err := Download(context.Background(), Stall(&http.Client{}, idle, clock), s.srv.URL+"/v.mp4?X-Amz-Signature=sekrit", got)
				done <- err
			}()
			var err error
			for received, waiting := 0, true; waiting; {
				select {
				case <-arrived: // the server holds the request without an answer
					clock.Advance(idle)
				case <-got.wrote: // a byte arrived: a pause shorter than idle, then the next
					received++
					clock.Advance(idle * 6 / 10)
					if received < tc.sends {
						next <- struct{}{}
					} else if tc.sends < 10 {
						clock.Advance(idle) // the body stops: idle for the whole bound
					}
				case err = <-done:
					waiting = false
				}
			}
			if tc.err == "" {
				if err != nil || got.n != 10 {
					t.Fatalf("n=%d err=%v, want the whole slow body", got.n, err)
				}
				return
			}
			if err == nil || !strings.Contains(err.Error(), tc.err) || strings.Contains(err.Error(), "sekrit") {
				t.Fatalf("err = %v, want %q without the signature", err, tc.err)
			}
			if strings.Contains(err.Error(), "context") {
				t.Fatalf("err = %v: Go's words for it reach the user", err)
			}
		})
	}
}

// signalWriter counts the bytes written to it and signals each write.
type signalWriter struct {
	n     int
	wrote chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.n += len(p)
	w.wrote <- struct{}{}
	return len(p), nil
}

// The caller's own cancellation is reported as such, not as a stall.
func TestStallKeepsCallerCancel(t *testing.T) {
	s := newScript(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	ctx, cancel := context.WithCancel(context.Background())
	go func() {
		for len(s.seen()) == 0 {
			time.Sleep(time.Millisecond)
		}
		cancel()
	}()
	_, err := Download(ctx, Stall(&http.Client{}, time.Minute, &manualClock{}), s.srv.URL+"/v.mp4", io.Discard)
	if err == nil || strings.Contains(err.Error(), "stalled") || ctx.Err() == nil {
		t.Fatalf("err = %v, want the caller's cancel", err)
	}
}

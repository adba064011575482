package provider

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"strings"
	"sync"
	"time"
)

// DebugWriter is where HTTP debug lines go: stderr when REEL_DEBUG lists
// "http" (REEL_DEBUG=http or REEL_DEBUG=plan,http), else nowhere (nil).
func DebugWriter() io.Writer {
	for _, v := range strings.Split(os.Getenv("REEL_DEBUG"), ",") {
		if v = strings.TrimSpace(v); v == "http" || v == "all" {
			return os.Stderr
		}
	}
	return nil
}

// Debug writes one line per request and one per outcome to w, with
// credential headers and presigned query values redacted, so a debug log
// can be pasted into a bug report. Bodies are not logged: they hold scripts
// and signed URLs. A nil w logs nothing.
func Debug(next Doer, w io.Writer) Doer {
	if w == nil {
		return next
	}
	var mu sync.Mutex
	logf := func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		fmt.Fprintf(w, "http: "+format+"\n", args...)
	}
	return DoerFunc(func(r *http.Request) (*http.Response, error) {
		target := r.Method + " " + RedactURL(r.URL)
		logf("--> %s%s", target, headerText(r.Header))
		start := time.Now()
		resp, err := next.Do(r)
		took := time.Since(start).Round(time.Millisecond)
		if err != nil {
			logf("<-- %s: error after %s: %v", target, took, transportText(err))
			return resp, err
		}
		logf("<-- %s: %s in %s%s", target, resp.Status, took, headerText(pick(resp.Header, "Retry-After", "X-Request-Id", "X-Fal-Request-Id", "Content-Type", "Content-Length")))
		return resp, nil
	})
}

func headerText(h http.Header) string {
	h = redactHeader(h)
	keys := make([]string, 0, len(h))
	for k := range h {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, " %s=%q", k, strings.Join(h[k], ","))
	}
	return b.String()
}

func pick(h http.Header, names ...string) http.Header {
	out := http.Header{}
	for _, n := range names {
		if v := h.Values(n); len(v) > 0 {
			out[http.CanonicalHeaderKey(n)] = v
		}
	}
	return out
}

// transportText is a transport error without the URL *url.Error prefixes
// (which would print presigned query values).
func transportText(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err.Error()
	}
	return err.Error()
}

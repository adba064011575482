package heygen

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// fuzzKey is the API key the fuzzed clients send; no answer may make reel
// repeat it.
const fuzzKey = "sk-LEAKCANARY-heygen-0123456789"

// The calls FuzzHeyGenResponses makes against an answer, by the selector.
const (
	callV3Get = iota
	callV3Bulk
	callV1Status
	callV3Result
	callV3Create
	callV2Create
	callV3Upload
	callV1Upload
	heygenCalls
)

// hostile answers every request with the status and body it was last
// given: a broken or malicious API behind a real HTTP exchange.
type hostile struct {
	mu     sync.Mutex
	status int
	body   []byte
	srv    *httptest.Server
}

func newHostile(f *testing.F) *hostile {
	h := &hostile{status: 200}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h.mu.Lock()
		status, body := h.status, h.body
		h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(body)
	}))
	f.Cleanup(h.srv.Close)
	return h
}

func (h *hostile) answer(status int, body []byte) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.status, h.body = status, body
}

// fuzzStatuses are the statuses an answer may come with.
var fuzzStatuses = []int{200, 200, 201, 202, 400, 401, 402, 404, 409, 422, 429, 500, 502}

// FuzzHeyGenResponses feeds arbitrary bytes, under a chosen HTTP status,
// as the answer to each call the HeyGen client decodes (v3 video, v3 bulk
// statuses, v1 status, result, v3/v2/av4 creates, v3 and upload-host
// uploads). A broken or hostile server must get an error or a sane answer,
// never a panic, and nothing it sends may bring the key into reel's text.
func FuzzHeyGenResponses(f *testing.F) {
	for _, s := range heygenSeeds(f) {
		f.Add(s.call, s.status, s.body)
	}
	f.Add(uint8(callV3Get), uint8(0), []byte(`{"data":{"status":"`+fuzzKey+`"}}`))
	f.Add(uint8(callV1Status), uint8(0), []byte(`{"code":100,"data":{"status":"failed","error":{"code":40119,"message":"`+fuzzKey+`"}}}`))
	f.Add(uint8(callV3Bulk), uint8(0), []byte(`{"data":[{"video_id":"a","status":"wat `+fuzzKey+`"}]}`))
	f.Add(uint8(callV3Create), uint8(4), []byte(`{"error":{"code":"bad","message":"key `+fuzzKey+`"}}`))

	h := newHostile(f)
	asset := filepath.Join(f.TempDir(), "anna.png")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	if err := os.WriteFile(asset, png, 0o644); err != nil {
		f.Fatal(err)
	}
	o := provider.HTTPOptions{Timeout: 2 * time.Second, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	clients := map[string]*Client{}
	for _, api := range []string{V3, V2, AV4} {
		c, err := New(Config{API: api, BaseURL: h.srv.URL, UploadURL: h.srv.URL, Key: fuzzKey, HTTPOptions: o})
		if err != nil {
			f.Fatal(err)
		}
		clients[api] = c
	}
	f.Fuzz(func(t *testing.T, call, status uint8, body []byte) {
		h.answer(fuzzStatuses[int(status)%len(fuzzStatuses)], body)
		ctx := context.Background()
		var texts []string
		say := func(err error) {
			if err != nil {
				texts = append(texts, err.Error())
			}
		}
		statuses := func(ids []string, sts []provider.Status, err error) {
			say(err)
			if err != nil {
				return
			}
			if len(sts) != len(ids) {
				t.Fatalf("asked about %d jobs, got %d statuses", len(ids), len(sts))
			}
			for i, st := range sts {
				checkStatus(t, ids[i], st)
				texts = append(texts, st.Detail)
				if st.Err != nil {
					texts = append(texts, st.Err.Error())
				}
			}
		}
		switch call % heygenCalls {
		case callV3Get:
			sts, err := clients[V3].Status(ctx, "v1")
			statuses([]string{"v1"}, sts, err)
		case callV3Bulk:
			sts, err := clients[V3].Status(ctx, "v1", "v2")
			statuses([]string{"v1", "v2"}, sts, err)
		case callV1Status:
			sts, err := clients[V2].Status(ctx, "v1")
			statuses([]string{"v1"}, sts, err)
		case callV3Result:
			m, err := clients[V3].Result(ctx, "v1")
			say(err)
			if err == nil && m.VideoURL == "" {
				t.Fatal("a result without an error and without a video URL")
			}
		case callV3Create, callV2Create:
			c := clients[V3]
			if call%heygenCalls == callV2Create {
				c = clients[[]string{V2, AV4}[int(status)%2]]
			}
			job, err := c.Submit(ctx, provider.Submission{Key: strings.Repeat("ab", 32), Body: []byte(`{}`)})
			id := job.ID
			say(err)
			if err == nil && id == "" {
				t.Fatal("a create without an error and without a job id")
			}
		case callV3Upload, callV1Upload:
			c := clients[V3]
			if call%heygenCalls == callV1Upload {
				c = clients[[]string{V2, AV4}[int(status)%2]]
			}
			ref, err := c.Upload(ctx, provider.Asset{Path: asset, MIME: "image/png", Size: int64(len(png))})
			say(err)
			if err == nil && ref == "" {
				t.Fatal("an upload without an error and without an asset reference")
			}
		}
		for _, s := range texts {
			if strings.Contains(s, fuzzKey) {
				t.Fatalf("the key came back in %q", s)
			}
		}
	})
}

// checkStatus: a status is about the job asked for, in a known state, and
// a failure says why.
func checkStatus(t *testing.T, id string, st provider.Status) {
	t.Helper()
	switch st.State {
	case provider.Queued, provider.Processing, provider.Completed, provider.Failed, provider.NotFound:
	default:
		t.Fatalf("unknown state %q", st.State)
	}
	if st.JobID != id {
		t.Fatalf("asked about %s, told about %q", id, st.JobID)
	}
	if st.State == provider.Failed && st.Err == nil {
		t.Fatal("a failed job without a reason")
	}
}

type seed struct {
	call, status uint8
	body         []byte
}

// heygenSeeds are the fake's real answers to each call, in every phase of
// a job, recorded off the wire.
func heygenSeeds(f *testing.F) []seed {
	var mu sync.Mutex
	var out []seed
	record := provider.DoerFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		call := -1
		switch p := r.URL.Path; {
		case p == "/v3/videos/statuses":
			call = callV3Bulk
		case strings.HasPrefix(p, "/v3/videos/"):
			call = callV3Get
		case p == "/v1/video_status.get":
			call = callV1Status
		case p == "/v3/videos":
			call = callV3Create
		case strings.HasPrefix(p, "/v2/video/"):
			call = callV2Create
		case p == "/v3/assets":
			call = callV3Upload
		case p == "/v1/asset":
			call = callV1Upload
		}
		if call >= 0 {
			status := uint8(0)
			for i, s := range fuzzStatuses {
				if s == resp.StatusCode {
					status = uint8(i)
					break
				}
			}
			mu.Lock()
			out = append(out, seed{uint8(call), status, b})
			mu.Unlock()
		}
		return resp, nil
	})
	dir := f.TempDir()
	png := filepath.Join(dir, "anna.png")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00"), 0o644)
	ctx := context.Background()
	for _, api := range []string{V3, V2, AV4} {
		fk := fake.NewHeyGen(fake.HeyGenOptions{API: api})
		o := provider.HTTPOptions{Transport: record, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
		c, err := New(Config{API: api, BaseURL: fk.BaseURL(), UploadURL: fk.UploadURL(), Key: fk.Key(), HTTPOptions: o})
		if err != nil {
			f.Fatal(err)
		}
		c.Upload(ctx, provider.Asset{Path: png, MIME: "image/png"})
		fk.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Code: "40119", Message: "Video is too long", Times: 1})
		badJob, _ := c.Submit(ctx, provider.Submission{Key: strings.Repeat("cd", 32), Body: fk.Body("This one fails.")})
		bad := badJob.ID
		goodJob, _ := c.Submit(ctx, provider.Submission{Key: strings.Repeat("ab", 32), Body: fk.Body("Hello there.")})
		good := goodJob.ID
		c.Submit(ctx, provider.Submission{Key: strings.Repeat("ef", 32), Body: []byte(`{"nonsense":true}`)})
		for range 6 {
			c.Status(ctx, good)
			c.Status(ctx, good, bad, "unknown")
			fk.Server().Advance(5 * time.Second)
		}
		c.Result(ctx, good)
		fk.Close()
	}
	return out
}

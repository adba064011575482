package fal

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

// fuzzKey is the key the fuzzed client sends; no answer may make reel
// repeat it.
const fuzzKey = "sk-LEAKCANARY-fal:0123456789abcdef"

// The calls FuzzFalResponses makes, by the selector.
const (
	callStatus = iota // status, then the result once COMPLETED
	callResult
	callSubmit
	callUpload // storage token, then the upload
	falCalls
)

var fuzzStatuses = []int{200, 200, 202, 400, 401, 404, 422, 429, 500, 502}

// hostile answers the status calls with one body and every other call
// with another, each under its status.
type hostile struct {
	mu           sync.Mutex
	code1, code2 int
	body1, body2 []byte
	srv          *httptest.Server
}

func newHostile(f *testing.F) *hostile {
	h := &hostile{}
	h.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		h.mu.Lock()
		code, body := h.code2, h.body2
		if strings.HasSuffix(r.URL.Path, "/status") || strings.HasSuffix(r.URL.Path, "/token") {
			code, body = h.code1, h.body1
		}
		h.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(code)
		w.Write(body)
	}))
	f.Cleanup(h.srv.Close)
	return h
}

// FuzzFalResponses feeds arbitrary bytes as fal's answers: the queue
// status and the result it leads to, the result alone, the submit answer,
// and the storage token and upload answers. A broken or hostile server
// must get an error or a sane answer, never a panic, and never the key
// repeated in reel's text.
func FuzzFalResponses(f *testing.F) {
	for _, s := range falSeeds(f) {
		f.Add(s.call, uint8(0), uint8(0), s.first, s.second)
	}
	f.Add(uint8(callStatus), uint8(0), uint8(6), []byte(`{"status":"COMPLETED"}`), []byte(`{"detail":[{"loc":["body"],"msg":"`+fuzzKey+`","type":"x"}]}`))
	f.Add(uint8(callStatus), uint8(0), uint8(0), []byte(`{"status":"IN_PROGRESS","logs":[{"message":"`+fuzzKey+`"}]}`), []byte(`{}`))
	f.Add(uint8(callStatus), uint8(0), uint8(0), []byte(`{"status":"`+fuzzKey+`"}`), []byte(`{}`))

	h := newHostile(f)
	asset := filepath.Join(f.TempDir(), "anna.png")
	png := []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR")
	if err := os.WriteFile(asset, png, 0o644); err != nil {
		f.Fatal(err)
	}
	o := provider.HTTPOptions{Timeout: 2 * time.Second, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	c, err := New(Config{QueueURL: h.srv.URL, RestURL: h.srv.URL, Key: fuzzKey, HTTPOptions: o})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, call, status1, status2 uint8, first, second []byte) {
		h.mu.Lock()
		h.code1, h.body1 = fuzzStatuses[int(status1)%len(fuzzStatuses)], first
		h.code2, h.body2 = fuzzStatuses[int(status2)%len(fuzzStatuses)], second
		h.mu.Unlock()
		ctx := context.Background()
		var texts []string
		say := func(err error) {
			if err != nil {
				texts = append(texts, err.Error())
			}
		}
		switch call % falCalls {
		case callStatus:
			sts, err := c.Status(ctx, "req1")
			say(err)
			if err == nil {
				if len(sts) != 1 || sts[0].JobID != "req1" {
					t.Fatalf("asked about req1, got %+v", sts)
				}
				st := sts[0]
				switch st.State {
				case provider.Queued, provider.Processing, provider.NotFound:
				case provider.Completed:
					if st.Media == nil || st.Media.VideoURL == "" {
						t.Fatal("completed without a video URL")
					}
				case provider.Failed:
					if st.Err == nil {
						t.Fatal("failed without a reason")
					}
					texts = append(texts, st.Err.Error())
				default:
					t.Fatalf("unknown state %q", st.State)
				}
				texts = append(texts, st.Detail)
			}
		case callResult:
			m, err := c.Result(ctx, "req1")
			say(err)
			if err == nil && m.VideoURL == "" {
				t.Fatal("a result without an error and without a video URL")
			}
		case callSubmit:
			job, err := c.Submit(ctx, provider.Submission{Key: "k", Body: []byte(`{}`)})
			id := job.ID
			say(err)
			if err == nil && id == "" {
				t.Fatal("a submit without an error and without a request id")
			}
		case callUpload:
			u, err := c.Upload(ctx, provider.Asset{Path: asset, MIME: "image/png", Size: int64(len(png))})
			say(err)
			if err == nil && u == "" {
				t.Fatal("an upload without an error and without a URL")
			}
		}
		for _, s := range texts {
			if strings.Contains(s, fuzzKey) {
				t.Fatalf("the key came back in %q", s)
			}
		}
	})
}

type seed struct {
	call          uint8
	first, second []byte
}

// falSeeds are the fake's real answers, recorded off the wire: status
// answers in every phase paired with the result answer of that moment,
// submit, token and upload answers.
func falSeeds(f *testing.F) []seed {
	var mu sync.Mutex
	var last = map[string][]byte{}
	var out []seed
	record := provider.DoerFunc(func(r *http.Request) (*http.Response, error) {
		resp, err := http.DefaultTransport.RoundTrip(r)
		if err != nil {
			return nil, err
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		resp.Body = io.NopCloser(bytes.NewReader(b))
		mu.Lock()
		defer mu.Unlock()
		switch p := r.URL.Path; {
		case strings.HasSuffix(p, "/status"):
			last["status"] = b
		case strings.Contains(p, "/requests/"):
			out = append(out, seed{callStatus, last["status"], b}, seed{callResult, nil, b})
		case strings.HasSuffix(p, "/token"):
			last["token"] = b
		case strings.HasSuffix(p, "/upload"):
			out = append(out, seed{callUpload, last["token"], b})
		default:
			out = append(out, seed{callSubmit, nil, b})
		}
		return resp, nil
	})
	png := filepath.Join(f.TempDir(), "anna.png")
	os.WriteFile(png, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR"), 0o644)
	fk := fake.NewFal(fake.FalOptions{})
	defer fk.Close()
	o := provider.HTTPOptions{Transport: record, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	c, err := New(Config{QueueURL: fk.QueueURL(), RestURL: fk.RestURL(), Key: fk.Key(), HTTPOptions: o})
	if err != nil {
		f.Fatal(err)
	}
	ctx := context.Background()
	c.Upload(ctx, provider.Asset{Path: png, MIME: "image/png"})
	fk.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Message: "image_url: could not find a face", Times: 1})
	badJob, _ := c.Submit(ctx, provider.Submission{Body: fk.Body("This one fails.")})
	bad := badJob.ID
	goodJob, _ := c.Submit(ctx, provider.Submission{Body: fk.Body("Hello there.")})
	good := goodJob.ID
	c.Submit(ctx, provider.Submission{Body: []byte(`{"nonsense":true}`)})
	for range 6 {
		c.Status(ctx, good, bad)
		c.Result(ctx, good)
		fk.Server().Advance(5 * time.Second)
	}
	return out
}

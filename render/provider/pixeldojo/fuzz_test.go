package pixeldojo

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

// fuzzKey is the key the fuzzed client sends; no answer may make reel
// repeat it.
const fuzzKey = "sk-LEAKCANARY-pd_live_0123456789"

const (
	callJob = iota // GET jobs/{id} as a status
	callResult
	callRun
	pixelDojoCalls
)

var fuzzStatuses = []int{200, 200, 201, 400, 401, 402, 404, 429, 500, 502}

// FuzzPixelDojoResponses feeds arbitrary bytes as PixelDojo's job answer
// (read as a status and as a result) and its run answer. A broken or
// hostile server must get an error or a sane answer, never a panic, and
// never the key repeated in reel's text.
func FuzzPixelDojoResponses(f *testing.F) {
	for _, s := range pixelDojoSeeds(f) {
		f.Add(s.call, uint8(0), s.body)
	}
	f.Add(uint8(callJob), uint8(0), []byte(`{"status":"failed","error":"`+fuzzKey+`","code":"`+fuzzKey+`"}`))
	f.Add(uint8(callJob), uint8(0), []byte(`{"status":"failed","error":{"code":7,"message":"`+fuzzKey+`"}}`))
	f.Add(uint8(callJob), uint8(0), []byte(`{"status":"`+fuzzKey+`"}`))
	f.Add(uint8(callResult), uint8(0), []byte(`{"status":"completed","output":{"videos":[{"url":"https://cdn/v.mp4"}]}}`))

	var mu sync.Mutex
	var code int
	var body []byte
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		mu.Lock()
		c, b := code, body
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(c)
		w.Write(b)
	}))
	f.Cleanup(srv.Close)
	o := provider.HTTPOptions{Timeout: 2 * time.Second, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
	c, err := New(Config{BaseURL: srv.URL + "/api/v1", Key: fuzzKey, HTTPOptions: o})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, call, status uint8, answer []byte) {
		mu.Lock()
		code, body = fuzzStatuses[int(status)%len(fuzzStatuses)], answer
		mu.Unlock()
		ctx := context.Background()
		var texts []string
		say := func(err error) {
			if err != nil {
				texts = append(texts, err.Error())
			}
		}
		switch call % pixelDojoCalls {
		case callJob:
			sts, err := c.Status(ctx, "job_1")
			say(err)
			if err == nil {
				if len(sts) != 1 || sts[0].JobID != "job_1" {
					t.Fatalf("asked about job_1, got %+v", sts)
				}
				st := sts[0]
				switch st.State {
				case provider.Queued, provider.Processing, provider.NotFound:
				case provider.Completed:
					if st.Media == nil || st.Media.VideoURL == "" {
						t.Fatal("completed without a video URL")
					}
				case provider.Failed:
					if st.Err == nil || st.Err.Message == "" {
						t.Fatal("failed without a reason")
					}
					texts = append(texts, st.Err.Error())
				default:
					t.Fatalf("unknown state %q", st.State)
				}
				texts = append(texts, st.Detail)
			}
		case callResult:
			m, err := c.Result(ctx, "job_1")
			say(err)
			if err == nil && m.VideoURL == "" {
				t.Fatal("a result without an error and without a video URL")
			}
		case callRun:
			job, err := c.Submit(ctx, provider.Submission{Body: []byte(`{}`)})
			id := job.ID
			say(err)
			if err == nil && id == "" {
				t.Fatal("a run without an error and without a job id")
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
	call uint8
	body []byte
}

// pixelDojoSeeds are the fake's real answers, recorded off the wire: run
// answers (accepted, refused) and job answers in every phase, in both of
// PixelDojo's output shapes and both error envelopes.
func pixelDojoSeeds(f *testing.F) []seed {
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
		mu.Lock()
		defer mu.Unlock()
		if strings.Contains(r.URL.Path, "/jobs/") {
			out = append(out, seed{callJob, b}, seed{callResult, b})
		} else {
			out = append(out, seed{callRun, b})
		}
		return resp, nil
	})
	ctx := context.Background()
	for _, opts := range []fake.PixelDojoOptions{{}, {VideosArray: true, FlatErrors: true}} {
		fk := fake.NewPixelDojo(opts)
		o := provider.HTTPOptions{Transport: record, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
		c, err := New(Config{BaseURL: fk.BaseURL(), Key: fk.Key(), HTTPOptions: o})
		if err != nil {
			f.Fatal(err)
		}
		fk.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Message: "No face detected in image", Times: 1})
		badJob, _ := c.Submit(ctx, provider.Submission{Body: fk.Body("This one fails.")})
		bad := badJob.ID
		goodJob, _ := c.Submit(ctx, provider.Submission{Body: fk.Body("Hello there.")})
		good := goodJob.ID
		c.Submit(ctx, provider.Submission{Body: []byte(`{"nonsense":true}`)})
		for range 6 {
			c.Status(ctx, good, bad, "job_unknown")
			fk.Server().Advance(5 * time.Second)
		}
		c.Result(ctx, good)
		fk.SetCredits(0)
		c.Submit(ctx, provider.Submission{Body: fk.Body("No credits.")})
		fk.Close()
	}
	return out
}

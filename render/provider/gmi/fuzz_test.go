package gmi

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
const fuzzKey = "sk-LEAKCANARY-gmi_0123456789"

const (
	callRequest = iota // GET requests/{id} as a status
	callResult
	callCreate
	gmiCalls
)

var fuzzStatuses = []int{200, 200, 201, 400, 401, 402, 404, 422, 429, 500, 502}

// FuzzGMIResponses feeds arbitrary bytes as GMI's request record (read as
// a status and as a result) and its create answer. A broken or hostile
// server must get an error or a sane answer, never a panic, and never the
// key repeated in reel's text.
func FuzzGMIResponses(f *testing.F) {
	for _, s := range gmiSeeds(f) {
		f.Add(s.call, uint8(0), s.body)
	}
	f.Add(uint8(callRequest), uint8(0), []byte(`{"status":"failed","error_message":"`+fuzzKey+`"}`))
	f.Add(uint8(callRequest), uint8(0), []byte(`{"status":"failed","error":{"code":7,"message":"`+fuzzKey+`"}}`))
	f.Add(uint8(callRequest), uint8(0), []byte(`{"status":"`+fuzzKey+`"}`))
	f.Add(uint8(callRequest), uint8(0), []byte(`{"status":"cancelled","outcome":{"media_urls":null}}`))
	f.Add(uint8(callResult), uint8(0), []byte(`{"status":"success","outcome":{"video_url":"https://cdn/v.mp4"}}`))
	f.Add(uint8(callCreate), uint8(0), []byte(`{"request_id":null,"status":"queued"}`))

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
	c, err := New(Config{BaseURL: srv.URL + fake.GMIPrefix, Key: fuzzKey, HTTPOptions: o})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, call, status uint8, answer []byte) {
		mu.Lock()
		code, body = fuzzStatuses[int(status)%len(fuzzStatuses)], answer
		mu.Unlock()
		var texts []string
		switch call % gmiCalls {
		case callRequest:
			texts = fuzzStatus(t, c)
		case callResult:
			m, err := c.Result(context.Background(), "r1")
			if err != nil {
				texts = append(texts, err.Error())
			} else if m.VideoURL == "" {
				t.Fatal("a result without an error and without a video URL")
			}
		case callCreate:
			job, err := c.Submit(context.Background(), provider.Submission{Body: []byte(`{}`)})
			if err != nil {
				texts = append(texts, err.Error())
			} else if job.ID == "" || job.Replayed {
				t.Fatalf("a create without an error answered %+v", job)
			}
		}
		for _, s := range texts {
			if strings.Contains(s, fuzzKey) {
				t.Fatalf("the key came back in %q", s)
			}
		}
	})
}

// fuzzStatus asks about r1 and checks the answer is one reel can act on;
// it returns the texts reel would show.
func fuzzStatus(t *testing.T, c *Client) []string {
	sts, err := c.Status(context.Background(), "r1")
	if err != nil {
		return []string{err.Error()}
	}
	if len(sts) != 1 || sts[0].JobID != "r1" {
		t.Fatalf("asked about r1, got %+v", sts)
	}
	st := sts[0]
	texts := []string{st.Detail, st.Unknown}
	switch st.State {
	case provider.Queued, provider.NotFound:
	case provider.Processing:
		if st.Unknown != "" && !strings.HasPrefix(st.Unknown, `"`) {
			t.Fatalf("unknown status %s is not quoted", st.Unknown)
		}
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
	return texts
}

type seed struct {
	call uint8
	body []byte
}

// gmiSeeds are the fake's real answers, recorded off the wire: create
// answers (accepted, refused) and request records in every phase.
func gmiSeeds(f *testing.F) []seed {
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
		if r.Method == http.MethodGet {
			out = append(out, seed{callRequest, b}, seed{callResult, b})
		} else {
			out = append(out, seed{callCreate, b})
		}
		return resp, nil
	})
	ctx := context.Background()
	for _, opts := range []fake.GMIOptions{{}, {FlatErrors: true}} {
		fk := fake.NewGMI(opts)
		o := provider.HTTPOptions{Transport: record, Retry: provider.RetryPolicy{Retries: -1}, Debug: io.Discard}
		c, err := New(Config{BaseURL: fk.BaseURL(), Key: fk.Key(), HTTPOptions: o})
		if err != nil {
			f.Fatal(err)
		}
		fk.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Message: "Avatar not found", Times: 1})
		bad, _ := c.Submit(ctx, provider.Submission{Body: fk.Body("This one fails.")})
		fk.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.Cancelled, Times: 1})
		gone, _ := c.Submit(ctx, provider.Submission{Body: fk.Body("This one is cancelled.")})
		good, _ := c.Submit(ctx, provider.Submission{Body: fk.Body("Hello there.")})
		c.Submit(ctx, provider.Submission{Body: []byte(`{"nonsense":true}`)})
		for range 7 {
			c.Status(ctx, good.ID, bad.ID, gone.ID, "r_unknown")
			fk.Server().Advance(5 * time.Second)
		}
		c.Result(ctx, good.ID)
		fk.Close()
	}
	return out
}

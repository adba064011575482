package heygen

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
	"github.com/reel-dev/reel/render/provider/providertest"
)

// noSleep retries at once and records nothing: these tests are about what
// is sent, not how long it waits.
var noSleep = provider.HTTPOptions{
	Timeout: 10 * time.Second,
	Retry:   provider.RetryPolicy{Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }},
	Debug:   discard{},
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

const renderKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

// poll advances the fake until the job is done.
func poll(t *testing.T, f *fake.HeyGen, c *Client, id string) provider.Status {
	t.Helper()
	for range 100 {
		sts, err := c.Status(context.Background(), id)
		if err != nil {
			t.Fatal(err)
		}
		if sts[0].State.Done() {
			return sts[0]
		}
		f.Server().Advance(5 * time.Second)
	}
	t.Fatalf("job %s never finished", id)
	return provider.Status{}
}

// A v3 create whose answer is lost after HeyGen accepted it is re-sent
// with the same Idempotency-Key and replayed: one video, one charge, and a
// job that is not reported replayed (this Submit's own first attempt made
// it). The attempt's bound runs on a clock that the fake's stall sets off.
func TestV3TimeoutAfterAcceptanceReplays(t *testing.T) {
	o := noSleep
	clock := providertest.NewStallClock()
	o.Clock = clock
	f, c := start(t, fake.HeyGenOptions{}, o)
	clock.Watch(f.Server())
	f.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.SlowBody, Times: 1})
	job, err := c.Submit(context.Background(), provider.Submission{Key: renderKey, Body: f.Body("Hello")})
	id := job.ID
	if err != nil {
		t.Fatal(err)
	}
	creates := f.Server().Requests(fake.RouteCreate)
	if len(creates) != 2 {
		t.Fatalf("%d creates, want the first and one re-send", len(creates))
	}
	for _, r := range creates {
		if k := r.Header.Get("Idempotency-Key"); k != "reel-"+renderKey[:32] {
			t.Fatalf("Idempotency-Key %q", k)
		}
	}
	if l := f.Server().Ledger(); len(l) != 1 || l[0].JobID != id || job.Replayed {
		t.Fatalf("ledger %+v, job %+v; want one charge for %s, made by this Submit", l, job, id)
	}
}

// A second create with the same key while the first is still being
// handled gets 409 request_in_progress: certain, and not re-sent.
func TestV3CreateInFlight(t *testing.T) {
	f, c := start(t, fake.HeyGenOptions{}, noSleep)
	held := f.HoldCreates()
	sub := provider.Submission{Key: renderKey, Body: f.Body("Hello")}
	first := make(chan string)
	go func() {
		job, _ := c.Submit(context.Background(), sub)
		id := job.ID
		first <- id
	}()
	<-held
	_, err := c.Submit(context.Background(), sub)
	var he *provider.HTTPError
	if !errors.As(err, &he) || he.Status != 409 || he.Code != "request_in_progress" || provider.Uncertain(err) {
		t.Fatalf("err %v", err)
	}
	f.Release()
	if id := <-first; id == "" || len(f.Server().Ledger()) != 1 {
		t.Fatalf("first create %q, ledger %v", id, f.Server().Ledger())
	}
}

// v2 has no idempotency key: a create that failed with a 5xx after HeyGen
// acted is not re-sent, and the error says the outcome is uncertain.
func TestV2CreateServerErrorNotResent(t *testing.T) {
	for _, fault := range []fake.Fault{
		{Kind: fake.Status, Status: 502, After: true, Times: 1},
		{Kind: fake.Status, Status: 500, Times: 1},
	} {
		for _, api := range []string{V2, AV4} {
			f, c := start(t, fake.HeyGenOptions{API: api}, noSleep)
			f.Server().Inject(fake.RouteCreate, fault)
			_, err := c.Submit(context.Background(), provider.Submission{Key: renderKey, Body: f.Body("Hello")})
			if !provider.Uncertain(err) || provider.StatusOf(err) != fault.Status {
				t.Fatalf("%s %d: err %v, want an uncertain %d", api, fault.Status, err, fault.Status)
			}
			reqs := f.Server().Requests(fake.RouteCreate)
			if len(reqs) != 1 || reqs[0].Header.Get("Idempotency-Key") != "" {
				t.Fatalf("%s: %d creates (key %q), want 1 without a key", api, len(reqs), reqs[0].Header.Get("Idempotency-Key"))
			}
		}
	}
}

// Failures that HeyGen reports only when polled surface with its code and
// message, from Status and from Result.
func TestPollTimeFailures(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		opts     fake.HeyGenOptions
		text     string
		credits  int
		code     string
		messages []string
	}{
		{"v2 credits", fake.HeyGenOptions{API: V2}, "Hello", 0, "MOVIO_PAYMENT_INSUFFICIENT_CREDIT", []string{"Insufficient credit"}},
		{"av4 credits", fake.HeyGenOptions{API: AV4}, "Hello", 0, "MOVIO_PAYMENT_INSUFFICIENT_CREDIT", []string{"'api' credits"}},
		{"v2 too long", fake.HeyGenOptions{API: V2, MaxSeconds: 10}, strings.Repeat("word ", 40), -1, "40119",
			[]string{"Video is too long", "> 10.0s", "upgrade your plan"}},
		{"v3 too long", fake.HeyGenOptions{MaxSeconds: 10}, strings.Repeat("word ", 40), -1, "40119", []string{"Video is too long (> 10.0s)"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := start(t, tc.opts, noSleep)
			if tc.credits >= 0 {
				f.SetCredits(tc.credits)
			}
			job, err := c.Submit(ctx, provider.Submission{Key: renderKey, Body: f.Body(tc.text)})
			id := job.ID
			if err != nil {
				t.Fatal(err)
			}
			st := poll(t, f, c, id)
			if st.State != provider.Failed || st.Err == nil || st.Err.Code != tc.code {
				t.Fatalf("status %+v %+v", st, st.Err)
			}
			_, err = c.Result(ctx, id)
			var je *provider.JobError
			if !errors.As(err, &je) || je.Code != tc.code {
				t.Fatalf("Result: %v", err)
			}
			for _, m := range tc.messages {
				if !strings.Contains(err.Error(), m) || !strings.Contains(st.Err.Message, m) {
					t.Fatalf("%q missing from %v", m, err)
				}
			}
		})
	}
}

// A failure seen through the bulk call carries the same code and message.
func TestV3BulkFailure(t *testing.T) {
	f, c := start(t, fake.HeyGenOptions{}, noSleep)
	f.Server().Inject(fake.RouteCreate, fake.Fault{Kind: fake.LateFailure, Code: "avatar_unavailable", Message: "The avatar is not available", Times: 1})
	badJob, _ := c.Submit(context.Background(), provider.Submission{Key: renderKey, Body: f.Body("a")})
	bad := badJob.ID
	goodJob, _ := c.Submit(context.Background(), provider.Submission{Key: "f" + renderKey[1:], Body: f.Body("b")})
	good := goodJob.ID
	f.Server().Advance(time.Minute)
	sts, err := c.Status(context.Background(), bad, good)
	if err != nil {
		t.Fatal(err)
	}
	if sts[0].State != provider.Failed || sts[0].Err.Code != "avatar_unavailable" || sts[0].Err.Message != "The avatar is not available" ||
		sts[1].State != provider.Completed {
		t.Fatalf("%+v %+v", sts, sts[0].Err)
	}
	if r := f.Server().Requests(fake.RouteStatus); !strings.HasPrefix(r[len(r)-1].Path, "/v3/videos/statuses") {
		t.Fatalf("several ids went to %s, want the bulk call", r[len(r)-1].Path)
	}
}

// Every URL of a completed v3 video (the video, its captioned copy, the
// subtitles) expires, and a new Result signs them all afresh.
func TestExpiredMediaRefreshedByResult(t *testing.T) {
	ctx := context.Background()
	for _, api := range []string{V3, V2} {
		f, c := start(t, fake.HeyGenOptions{API: api}, noSleep)
		body := f.Body("Captions please.")
		if api == V2 {
			var m map[string]any
			json.Unmarshal(body, &m)
			m["caption"] = true
			body, _ = json.Marshal(m)
		}
		job, _ := c.Submit(ctx, provider.Submission{Key: renderKey, Body: body})
		id := job.ID
		poll(t, f, c, id)
		old, err := c.Result(ctx, id)
		if err != nil || old.CaptionedVideoURL == "" || old.SubtitleURL == "" || old.ThumbnailURL == "" || old.Duration <= 0 {
			t.Fatalf("%s: %+v %v", api, old, err)
		}
		f.Server().Advance(f.Server().MediaTTL() + time.Second)
		fresh, err := c.Result(ctx, id)
		if err != nil {
			t.Fatal(err)
		}
		for i, pair := range [][2]string{{old.VideoURL, fresh.VideoURL}, {old.CaptionedVideoURL, fresh.CaptionedVideoURL}, {old.SubtitleURL, fresh.SubtitleURL}} {
			var sink strings.Builder
			if _, err := provider.Download(ctx, nil, pair[0], &sink); !provider.Expired(err) {
				t.Fatalf("%s url %d: the old URL still works: %v", api, i, err)
			}
			if _, err := provider.Download(ctx, nil, pair[1], &sink); err != nil {
				t.Fatalf("%s url %d: the fresh URL fails: %v", api, i, err)
			}
		}
	}
}

// No error any call can produce holds the key, whichever host answered.
func TestErrorsNeverHoldTheKey(t *testing.T) {
	ctx := context.Background()
	for _, api := range []string{V3, V2, AV4} {
		f, c := start(t, fake.HeyGenOptions{API: api}, noSleep)
		s := f.Server()
		var errs []error
		for _, route := range []string{fake.RouteCreate, fake.RouteStatus, fake.RouteUpload, "voices", "avatars"} {
			s.Inject(route, fake.Fault{Kind: fake.EchoAuth})
		}
		_, err := c.Submit(ctx, provider.Submission{Key: renderKey, Body: f.Body("x")})
		errs = append(errs, err)
		_, err = c.Status(ctx, "a", "b")
		errs = append(errs, err)
		_, err = c.Result(ctx, "a")
		errs = append(errs, err)
		_, err = c.Upload(ctx, asset(t, "a.png", "image/png", []byte("\x89PNG")))
		errs = append(errs, err)
		_, err = c.Voices(ctx)
		errs = append(errs, err)
		_, err = c.Avatars(ctx)
		errs = append(errs, err)
		wrong, _ := New(Config{API: api, BaseURL: f.BaseURL(), UploadURL: f.UploadURL(), Key: "hg_WRONG_but_long_enough", HTTPOptions: noSleep})
		_, err = wrong.Submit(ctx, provider.Submission{Body: f.Body("x")})
		errs = append(errs, err)
		for i, err := range errs {
			text := fmt.Sprintf("%v %+v %#v", err, err, err)
			if err == nil || strings.Contains(text, f.Key()) || strings.Contains(text, "hg_WRONG") {
				t.Fatalf("%s error %d: %s", api, i, text)
			}
		}
	}
}

// TestJobErrors: a failure read in each shape HeyGen sends it. (Status
// words are TestEveryStatusWord's.)
func TestJobErrors(t *testing.T) {
	for raw, want := range map[string]provider.JobError{
		`"Insufficient credit"`: {Message: "Insufficient credit"},
		`{"code":40119,"message":"Video is too long","detail":"Video is too long (> 3600.0s)"}`: {Code: "40119", Message: "Video is too long (> 3600.0s)"},
		`{"code":"MOVIO_PAYMENT_INSUFFICIENT_CREDIT","message":"Insufficient credit"}`:          {Code: "MOVIO_PAYMENT_INSUFFICIENT_CREDIT", Message: "Insufficient credit"},
		`{"code":400652,"msg":"Corrupt video","detail":"the stream is empty"}`:                  {Code: "400652", Message: "Corrupt video: the stream is empty"},
	} {
		if got := jobError(json.RawMessage(raw)); got == nil || *got != want {
			t.Errorf("%s → %+v, want %+v", raw, got, want)
		}
	}
	if jobError(json.RawMessage(`null`)) != nil {
		t.Error("null is an error")
	}
}

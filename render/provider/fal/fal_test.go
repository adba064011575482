package fal

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/provider/fake"
)

func submit(t *testing.T, c *Client, f *fake.Fal, text string) string {
	t.Helper()
	job, err := c.Submit(context.Background(), provider.Submission{Key: "k", Body: f.Body(text)})
	id := job.ID
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func status(t *testing.T, c *Client, id string) provider.Status {
	t.Helper()
	sts, err := c.Status(context.Background(), id)
	if err != nil {
		t.Fatal(err)
	}
	return sts[0]
}

// fal never says FAILED: a failed request reads COMPLETED and its result
// is the error. Both of fal's error shapes must surface as Failed with
// fal's words, and Result must say the same.
func TestCompletedButFailed(t *testing.T) {
	for _, tc := range []struct {
		name   string
		fault  fake.Fault
		code   string
		reason string
	}{
		{"422 detail", fake.Fault{Kind: fake.LateFailure, Code: "face_detection_error", Message: "Could not detect a face in the image"},
			"face_detection_error", "body.image_url: Could not detect a face in the image"},
		{"500 error_type", fake.Fault{Kind: fake.LateFailure, Status: 500, Code: "runner_server_error", Message: "Runner crashed while rendering"},
			"runner_server_error", "Runner crashed while rendering"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, c := start(t, fake.FalOptions{FailLoc: []string{"body", "image_url"}}, quiet())
			f.Server().Inject(fake.RouteCreate, tc.fault)
			id := submit(t, c, f, "fails")
			f.Server().Advance(time.Minute)
			st := status(t, c, id)
			if st.State != provider.Failed || st.Err == nil || st.Err.Code != tc.code || st.Err.Message != tc.reason {
				t.Fatalf("status %s %+v, want failed %s: %s", st.State, st.Err, tc.code, tc.reason)
			}
			_, err := c.Result(context.Background(), id)
			var je *provider.JobError
			if !errors.As(err, &je) || !strings.Contains(err.Error(), tc.reason) {
				t.Fatalf("Result: %v", err)
			}
			if l := f.Server().Ledger(); len(l) != 0 {
				t.Fatalf("a failed request was billed: %+v", l)
			}
		})
	}
}

func TestSubmit422NamesTheField(t *testing.T) {
	f, c := start(t, fake.FalOptions{}, quiet())
	for _, tc := range []struct{ body, code, msg string }{
		{`{"prompt":"hi","voice":"Melissa"}`, "missing", "body.image_url: Field required"},
		{`{"image_url":"sha256:0a1b","prompt":"hi","talking_style":"wild"}`, "",
			"body.image_url: Input should be a valid URL or data URI; body.talking_style: Input should be 'stable' or 'expressive'"},
	} {
		_, err := c.Submit(context.Background(), provider.Submission{Body: []byte(tc.body)})
		var h *provider.HTTPError
		if !errors.As(err, &h) || h.Status != 422 || h.Code != tc.code || h.Message != tc.msg || provider.Uncertain(err) {
			t.Errorf("%s: %#v", tc.body, err)
			continue
		}
		if want := "fal submit " + Endpoint + ": 422"; !strings.HasPrefix(err.Error(), want) {
			t.Errorf("%q does not start %q", err, want)
		}
	}
	if n := len(f.Server().Requests(fake.RouteCreate)); n != 2 || len(f.Server().Ledger()) != 0 {
		t.Fatalf("%d submits, ledger %v", n, f.Server().Ledger())
	}
}

// After a restart reel knows only the request id from the lock: a fresh
// client must poll, read and cancel on the app path, never the sub-path.
func TestResumedJob(t *testing.T) {
	f, c := start(t, fake.FalOptions{SubPathNotFound: true}, quiet())
	id := submit(t, c, f, "resumed")
	fresh := newClient(t, f, f.Key(), quiet())
	if st := status(t, fresh, id); st.State != provider.Queued || st.Detail != "queue position 5" {
		t.Fatalf("resumed status %+v", st)
	}
	f.Server().Advance(11 * time.Second)
	if st := status(t, fresh, id); st.State != provider.Processing || st.Detail != "Rendering video: 25%" {
		t.Fatalf("resumed status %+v", st)
	}
	f.Server().Advance(time.Minute)
	if st := status(t, fresh, id); st.State != provider.Completed || st.Media == nil || st.Media.VideoURL == "" {
		t.Fatalf("resumed status %+v", st)
	}
	if _, err := fresh.Result(context.Background(), id); err != nil {
		t.Fatal(err)
	}
	app := "/fal-ai/heygen/requests/" + id
	for _, r := range f.Server().Requests("") {
		if r.Route == fake.RouteCreate {
			continue
		}
		if r.Path != app && r.Path != app+"/status" {
			t.Errorf("%s %s: not the app path", r.Method, r.Path)
		}
		if r.Route == fake.RouteStatus && r.Query != "logs=1" {
			t.Errorf("status polled without logs: %q", r.Query)
		}
	}
}

func TestCancel(t *testing.T) {
	f, c := start(t, fake.FalOptions{}, quiet())
	ctx := context.Background()
	id := submit(t, c, f, "cancelled")
	if err := c.Cancel(ctx, id); err != nil {
		t.Fatal(err)
	}
	if r := f.Server().Requests(fake.RouteCancel); len(r) != 1 || r[0].Method != "PUT" || r[0].Path != "/fal-ai/heygen/requests/"+id+"/cancel" {
		t.Fatalf("cancel sent %+v", r)
	}
	if st := status(t, c, id); st.State != provider.Failed || st.Err.Code != provider.CodeCancelled {
		t.Fatalf("cancelled job %+v", st)
	}
	if err := c.Cancel(ctx, id); err == nil || !strings.Contains(err.Error(), "already completed") {
		t.Fatalf("second cancel: %v", err)
	}
	if err := c.Cancel(ctx, "nope"); provider.StatusOf(err) != 404 || !strings.Contains(err.Error(), "unknown to fal") {
		t.Fatalf("cancel unknown: %v", err)
	}
	if l := f.Server().Ledger(); len(l) != 0 {
		t.Fatalf("a cancelled request was billed: %+v", l)
	}
}

// A submit answer whose URLs point at another host (a proxy passing fal's
// answer through) is not followed: the key stays on the configured host.
func TestForeignURLsAreNotFollowed(t *testing.T) {
	var got []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got = append(got, r.Method+" "+r.URL.Path+" "+r.Header.Get("Authorization"))
		if r.Method == "POST" {
			w.Write([]byte(`{"request_id":"r1","status_url":"https://elsewhere.example/s","response_url":"https://elsewhere.example/r","cancel_url":"https://elsewhere.example/c"}`))
			return
		}
		w.WriteHeader(202)
		w.Write([]byte(`{"status":"IN_PROGRESS","logs":[{"message":"a"},{"message":"b"}]}`))
	}))
	defer srv.Close()
	c, err := New(Config{QueueURL: srv.URL, RestURL: srv.URL, Key: "id:secret-0123456789", HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	job, err := c.Submit(context.Background(), provider.Submission{Body: []byte(`{}`)})
	id := job.ID
	if err != nil || id != "r1" {
		t.Fatalf("%q %v", id, err)
	}
	if st := status(t, c, id); st.State != provider.Processing || st.Detail != "b" {
		t.Fatalf("%+v", st)
	}
	want := "GET /fal-ai/heygen/requests/r1/status Key id:secret-0123456789"
	if len(got) != 2 || got[1] != want {
		t.Fatalf("requests %q, want the second %q", got, want)
	}
}

func TestNoKeyInErrors(t *testing.T) {
	f, c := start(t, fake.FalOptions{}, quiet())
	ctx := context.Background()
	bad := newClient(t, f, "3f6c1b2e-fake:WRONGSECRET0123456789", quiet())
	errs := map[string]error{}
	_, errs["wrong key"] = bad.Submit(ctx, provider.Submission{Body: f.Body("x")})
	_, errs["wrong key, status"] = bad.Status(ctx, "r1")
	f.Server().Inject(fake.FalRouteToken, fake.Fault{Kind: fake.EchoAuth, Times: 1})
	_, errs["token call echoing headers"] = c.Upload(ctx, asset(t, []byte("png")))
	f.Server().Inject(fake.RouteUpload, fake.Fault{Kind: fake.EchoAuth, Times: 1})
	_, errs["CDN echoing headers"] = c.Upload(ctx, asset(t, []byte("png")))
	f.Server().Inject(fake.RouteResult, fake.Fault{Kind: fake.Status, Status: 502})
	id := submit(t, c, f, "x")
	f.Server().Advance(time.Minute)
	_, errs["result 502"] = c.Result(ctx, id)
	secrets := []string{f.Key(), "WRONGSECRET0123456789"}
	for _, r := range f.Server().Requests(fake.RouteUpload) {
		secrets = append(secrets, strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer "))
	}
	for name, err := range errs {
		if err == nil {
			t.Errorf("%s: no error", name)
			continue
		}
		t.Logf("%s: %v", name, err)
		for _, s := range secrets {
			if text := err.Error(); strings.Contains(text, s) {
				t.Errorf("%s: error holds a secret: %s", name, text)
			}
		}
	}
}

func TestNewReadsTheEnvironment(t *testing.T) {
	t.Setenv(EnvKey, "")
	t.Setenv(EnvQueueBase, "")
	t.Setenv(EnvRESTBase, "")
	if _, err := New(Config{}); !errors.Is(err, provider.ErrNoKey) || !strings.Contains(err.Error(), "FAL_KEY is not set") {
		t.Fatalf("no key: %v", err)
	}
	f, _ := start(t, fake.FalOptions{}, quiet())
	t.Setenv(EnvKey, f.Key())
	t.Setenv(EnvQueueBase, f.QueueURL())
	t.Setenv(EnvRESTBase, f.RestURL())
	c, err := New(Config{HTTPOptions: quiet()})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.Submit(context.Background(), provider.Submission{Body: f.Body("env")}); err != nil {
		t.Fatal(err)
	}
	if _, err := c.Upload(context.Background(), asset(t, []byte("env"))); err != nil {
		t.Fatal(err)
	}
	if c.Name() != "fal" {
		t.Fatal(c.Name())
	}
	t.Setenv(EnvRESTBase, "http://rest.example.com")
	if _, err := New(Config{}); err == nil || !strings.Contains(err.Error(), "FAL_REST_BASE") {
		t.Fatalf("plain http base: %v", err)
	}
}

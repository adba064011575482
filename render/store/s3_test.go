package store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/store"
	"github.com/reel-dev/reel/render/store/s3test"
)

// wire counts the S3 requests a client sends, and can lose an answer.
type wire struct {
	mu       sync.Mutex
	parts    int // UploadPart requests
	unsummed int // uploads without x-amz-checksum-sha256
	// loseAnswer, when it returns true for a request, sends the request
	// but tells the client the connection broke before the answer.
	loseAnswer func(*http.Request) bool
}

func (w *wire) RoundTrip(r *http.Request) (*http.Response, error) {
	q := r.URL.Query()
	w.mu.Lock()
	if r.Method == http.MethodPut && q.Has("partNumber") {
		w.parts++
	}
	if r.Method == http.MethodPut && r.Header.Get("X-Amz-Checksum-Sha256") == "" {
		w.unsummed++
	}
	lose := w.loseAnswer != nil && w.loseAnswer(r)
	w.mu.Unlock()
	resp, err := http.DefaultTransport.RoundTrip(r)
	if err == nil && lose {
		resp.Body.Close()
		return nil, errors.New("connection reset by peer (the answer was lost)")
	}
	return resp, err
}

func (w *wire) count() (parts, unsummed int) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.parts, w.unsummed
}

func openS3(t *testing.T, srv *s3test.Server, w *wire) *store.Store {
	t.Helper()
	srv.Setenv(t)
	s, err := store.Open(context.Background(), srv.URL(prefix(t)), store.Options{
		HTTPClient: &http.Client{Transport: w},
		PartSize:   5 << 20,
	})
	must(t, err)
	return s
}

// failAfter is a reader that breaks after n bytes: a runner killed in the
// middle of an upload.
type failAfter struct {
	r io.Reader
	n int
}

func (f *failAfter) Read(p []byte) (int, error) {
	if f.n <= 0 {
		return 0, errors.New("killed")
	}
	p = p[:min(len(p), f.n)]
	n, err := f.r.Read(p)
	f.n -= n
	return n, err
}

func TestS3MultipartUploadIsChecksummedAndResumes(t *testing.T) {
	w := &wire{}
	s := openS3(t, sharedServer(t), w)
	ctx := context.Background()
	data := randomBytes(t, 17<<20) // parts of 5, 5, 5 and 2 MiB
	sum := shaBytes(data)
	err := s.PutOutput(ctx, sum, &failAfter{r: bytes.NewReader(data), n: 12 << 20}, int64(len(data)))
	if err == nil {
		t.Fatal("an upload whose reader broke succeeded")
	}
	if parts, _ := w.count(); parts != 2 {
		t.Fatalf("%d parts sent before the reader broke, want 2", parts)
	}
	if has, _ := s.HasOutputs(ctx, []string{sum}); len(has) != 0 {
		t.Fatal("a broken upload is visible")
	}
	must(t, s.PutOutput(ctx, sum, bytes.NewReader(data), int64(len(data))))
	parts, unsummed := w.count()
	if parts != 4 {
		t.Fatalf("%d parts sent in all, want 4: the resumed upload sends only parts 3 and 4", parts)
	}
	if unsummed != 0 {
		t.Fatalf("%d uploads without x-amz-checksum-sha256", unsummed)
	}
	var got bytes.Buffer
	_, err = s.GetOutput(ctx, sum, &got)
	must(t, err)
	if !bytes.Equal(got.Bytes(), data) {
		t.Fatal("the object read back is not the one uploaded")
	}
}

// A conditional write whose answer is lost is sent again by the SDK and
// fails its own condition; the store must see that it won.
func TestS3LostAnswerOfAConditionalWrite(t *testing.T) {
	lost := 0
	w := &wire{loseAnswer: func(r *http.Request) bool {
		if r.Method == http.MethodPut && strings.Contains(r.URL.Path, "/leases/") && lost == 0 {
			lost++
			return true
		}
		return false
	}}
	s := openS3(t, sharedServer(t), w)
	ctx := context.Background()
	l, err := s.Acquire(ctx, hexKey(20), "a", time.Minute)
	must(t, err)
	if lost != 1 {
		t.Fatal("no answer was lost")
	}
	lost = 0
	must(t, s.Renew(ctx, l, time.Minute))
	if lost != 1 {
		t.Fatal("no answer was lost")
	}
	_, err = s.Acquire(ctx, hexKey(20), "b", time.Minute)
	if !errors.Is(err, store.Held) {
		t.Fatalf("b: %v, want held by a", err)
	}
}

func TestS3WrongCredentialsAreRefused(t *testing.T) {
	srv := sharedServer(t)
	srv.Setenv(t)
	t.Setenv("AWS_SECRET_ACCESS_KEY", "not-the-secret")
	s, err := store.Open(context.Background(), srv.URL(prefix(t)), store.Options{})
	must(t, err)
	_, err = s.GetRecord(context.Background(), hexKey(1))
	wantKind(t, err, store.Refused)
	if strings.Contains(err.Error(), "not-the-secret") {
		t.Fatalf("the error shows the secret: %v", err)
	}
}

func TestS3MissingBucketIsRefused(t *testing.T) {
	srv := sharedServer(t)
	srv.Setenv(t)
	s, err := store.Open(context.Background(), "s3://no-such-bucket/p", store.Options{})
	must(t, err)
	_, err = s.HasOutputs(context.Background(), []string{sha("x")})
	wantKind(t, err, store.Refused)
}

// stopper is a writer that stops the server once it has had its first
// bytes: the server dies in the middle of a download.
type stopper struct {
	srv  *s3test.Server
	once sync.Once
	n    int
}

func (s *stopper) Write(p []byte) (int, error) {
	s.once.Do(s.srv.Stop)
	s.n += len(p)
	return len(p), nil
}

func TestS3ServerStoppedMidOperationIsUnreachable(t *testing.T) {
	srv := s3test.Start(t)
	srv.Setenv(t)
	ctx := context.Background()
	s, err := store.Open(ctx, srv.URL("p"), store.Options{RetryMaxAttempts: 2})
	must(t, err)
	data := randomBytes(t, 64<<20)
	sum := shaBytes(data)
	must(t, s.PutOutput(ctx, sum, bytes.NewReader(data), int64(len(data))))
	w := &stopper{srv: srv}
	_, err = s.GetOutput(ctx, sum, w)
	wantKind(t, err, store.Unreachable)
	if w.n >= len(data) {
		t.Fatal("the whole output arrived: the server was not stopped mid-download")
	}
	_, err = s.GetRecord(ctx, hexKey(1))
	wantKind(t, err, store.Unreachable)
	_, err = s.Acquire(ctx, hexKey(1), "a", time.Minute)
	wantKind(t, err, store.Unreachable)
	err = s.PutOutput(ctx, sha("x"), strings.NewReader("x"), 1)
	wantKind(t, err, store.Unreachable)
}

// Package s3test runs a real S3 server, versitygw, for tests: on a free
// port of 127.0.0.1, over a temporary folder, with a bucket made for the
// test. It is a real server rather than a fake so that conditional writes,
// checksums and multipart uploads are tested against S3's own answers.
package s3test

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go-v2/service/s3"
)

// EnvBinary names the versitygw binary. CI sets it, which makes a missing
// binary a failure instead of a skip.
const EnvBinary = "REEL_VERSITYGW"

// Server is a running versitygw.
type Server struct {
	Endpoint  string // http://127.0.0.1:PORT
	Bucket    string
	AccessKey string
	SecretKey string

	cmd  *exec.Cmd
	done chan error
	log  *os.File
	bin  string
	port string // 127.0.0.1:PORT
	root string // the folder it serves
}

// Binary finds versitygw: $REEL_VERSITYGW, else on PATH, else in
// $HOME/go/bin. A test skips when it is absent, unless REEL_VERSITYGW or
// CI is set: there the absence fails the test, so CI never skips.
func Binary(t testing.TB) string {
	t.Helper()
	if p := os.Getenv(EnvBinary); p != "" {
		if _, err := os.Stat(p); err != nil {
			t.Fatalf("%s=%s: %v (install it: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0)", EnvBinary, p, err)
		}
		return p
	}
	if p, err := exec.LookPath("versitygw"); err == nil {
		return p
	}
	if home, err := os.UserHomeDir(); err == nil {
		if p := filepath.Join(home, "go", "bin", "versitygw"); fileExists(p) {
			return p
		}
	}
	msg := "versitygw not found: go install github.com/versity/versitygw/cmd/versitygw@v1.8.0, or set " + EnvBinary
	if os.Getenv("CI") != "" {
		t.Fatal(msg)
	}
	t.Skip(msg)
	return ""
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && !fi.IsDir()
}

// Start starts versitygw with a bucket, and stops it when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	s, err := StartIn(Binary(t), t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Stop)
	return s
}

// StartIn starts the binary over dir (for a server shared by a package's
// tests, stopped by the caller).
func StartIn(bin, dir string) (*Server, error) {
	var last error
	for range 3 { // a free port may be taken between choosing and binding it
		s, err := start(bin, dir)
		if err == nil {
			return s, nil
		}
		last = err
	}
	return nil, last
}

func start(bin, dir string) (*Server, error) {
	port, err := freePort()
	if err != nil {
		return nil, err
	}
	root := filepath.Join(dir, "root")
	if err := os.MkdirAll(root, 0o755); err != nil {
		return nil, err
	}
	log, err := os.CreateTemp(dir, "versitygw-*.log")
	if err != nil {
		return nil, err
	}
	s := &Server{
		Endpoint:  "http://" + port,
		Bucket:    "reel-test",
		AccessKey: "reeltestaccess",
		SecretKey: "reeltestsecret0123456789",
		log:       log,
		bin:       bin,
		port:      port,
		root:      root,
	}
	if err := s.run(); err != nil {
		return nil, err
	}
	return s, nil
}

// run starts the server process and waits until it serves the bucket.
func (s *Server) run() error {
	if s.done != nil { // restarted: Stop closed the log
		log, err := os.OpenFile(s.log.Name(), os.O_WRONLY|os.O_APPEND, 0)
		if err != nil {
			return err
		}
		s.log = log
	}
	s.done = make(chan error, 1)
	s.cmd = exec.Command(s.bin, "--port", s.port, "--quiet", "posix", s.root)
	s.cmd.Env = append(os.Environ(), "ROOT_ACCESS_KEY="+s.AccessKey, "ROOT_SECRET_KEY="+s.SecretKey)
	s.cmd.Stdout, s.cmd.Stderr = s.log, s.log
	if err := s.cmd.Start(); err != nil {
		return fmt.Errorf("versitygw: %w", err)
	}
	go func() { s.done <- s.cmd.Wait() }()
	if err := s.ready(); err != nil {
		s.Stop()
		return err
	}
	return nil
}

// Restart starts a stopped server again, on the same port over the same
// folder: the store comes back with what it held, as a store whose
// machine was restarted does.
func (s *Server) Restart() error {
	s.Stop()
	return s.run()
}

func freePort() (string, error) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer l.Close()
	return l.Addr().String(), nil
}

// ready waits for the server to answer, then makes the bucket.
func (s *Server) ready() error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	c := s.Client(nil)
	for {
		_, err := c.CreateBucket(ctx, &s3.CreateBucketInput{Bucket: &s.Bucket})
		if err == nil {
			return nil
		}
		if _, herr := c.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: &s.Bucket}); herr == nil {
			return nil // a restarted server, serving the bucket it made before
		}
		select {
		case err := <-s.done:
			s.done <- err
			return fmt.Errorf("versitygw exited: %v: %s", err, s.logText())
		case <-ctx.Done():
			return fmt.Errorf("versitygw did not answer in 30 s: %v: %s", err, s.logText())
		case <-time.After(50 * time.Millisecond):
		}
	}
}

func (s *Server) logText() string {
	data, _ := os.ReadFile(s.log.Name())
	return strings.TrimSpace(string(data))
}

// Client is an S3 client of the server, through hc if not nil.
func (s *Server) Client(hc *http.Client) *s3.Client {
	return s3.New(s3.Options{
		BaseEndpoint: aws.String(s.Endpoint),
		Region:       "us-east-1",
		UsePathStyle: true,
		Credentials:  credentials.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, ""),
		HTTPClient:   httpClient(hc),
	})
}

func httpClient(hc *http.Client) aws.HTTPClient {
	if hc == nil {
		return nil
	}
	return hc
}

// URL is the store URL of prefix in the server's bucket.
func (s *Server) URL(prefix string) string { return "s3://" + s.Bucket + "/" + prefix }

// Env is the standard AWS environment that points a client at the
// server, with no shared config files and no instance metadata.
func (s *Server) Env() []string {
	return []string{
		"AWS_ACCESS_KEY_ID=" + s.AccessKey,
		"AWS_SECRET_ACCESS_KEY=" + s.SecretKey,
		"AWS_REGION=us-east-1",
		"AWS_ENDPOINT_URL_S3=" + s.Endpoint,
		"AWS_CONFIG_FILE=" + os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE=" + os.DevNull,
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_PROFILE=",
	}
}

// Setenv sets Env for the test (so no t.Parallel).
func (s *Server) Setenv(t testing.TB) {
	for _, kv := range s.Env() {
		k, v, _ := strings.Cut(kv, "=")
		t.Setenv(k, v)
	}
}

// Stop kills the server and waits for it to exit. It may be called twice.
func (s *Server) Stop() {
	if s.cmd.Process != nil {
		s.cmd.Process.Kill()
	}
	if err := <-s.done; !errors.Is(err, os.ErrProcessDone) {
		s.done <- err
	}
	s.log.Close()
}

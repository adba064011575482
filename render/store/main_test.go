package store_test

import (
	"context"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/store"
	"github.com/reel-dev/reel/render/store/s3test"
)

func TestMain(m *testing.M) {
	if os.Getenv(childEnv) != "" {
		os.Exit(child())
	}
	code := m.Run()
	if shared != nil {
		shared.Stop()
		os.RemoveAll(sharedDir)
	}
	os.Exit(code)
}

// One versitygw serves the package's tests, each under a prefix of its
// own; tests that stop a server start their own.
var (
	sharedOnce sync.Once
	shared     *s3test.Server
	sharedDir  string
	sharedErr  error
)

func sharedServer(t testing.TB) *s3test.Server {
	t.Helper()
	bin := s3test.Binary(t)
	sharedOnce.Do(func() {
		sharedDir, sharedErr = os.MkdirTemp("", "reel-versitygw-")
		if sharedErr == nil {
			shared, sharedErr = s3test.StartIn(bin, sharedDir)
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	return shared
}

// prefix is a prefix of the bucket no other test uses.
func prefix(t testing.TB) string {
	return strings.NewReplacer("/", "-", " ", "_").Replace(t.Name()) + fmt.Sprintf("-%d", time.Now().UnixNano())
}

// backend is how a test gets a store on each backend.
type backend struct {
	name string
	url  func(t *testing.T) string // a fresh, empty store's URL; sets the env it needs
}

var backends = []backend{
	{"file", func(t *testing.T) string { return "file://" + t.TempDir() }},
	{"s3", func(t *testing.T) string {
		srv := sharedServer(t)
		srv.Setenv(t)
		return srv.URL(prefix(t))
	}},
}

// eachBackend runs f on a fresh store of each backend.
func eachBackend(t *testing.T, f func(t *testing.T, url string, s *store.Store, clk *fakeClock)) {
	for _, b := range backends {
		t.Run(b.name, func(t *testing.T) {
			url := b.url(t)
			clk := &fakeClock{now: time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)}
			s, err := store.Open(context.Background(), url, store.Options{Clock: clk, PartSize: 5 << 20})
			if err != nil {
				t.Fatal(err)
			}
			f(t, url, s, clk)
		})
	}
}

// fakeClock is a clock a test moves by hand.
type fakeClock struct {
	mu  sync.Mutex
	now time.Time
}

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// hexKey is a render key made from n, as reel makes them: 64 hex digits.
func hexKey(n int) string { return sha(fmt.Sprintf("key %d", n)) }

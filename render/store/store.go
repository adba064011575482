package store

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Store is the store shared by every clone and runner of a project:
// outputs by content hash, one record per render key, and leases. It is
// safe for concurrent use.
type Store struct {
	b     Backend
	clock Clock
	where string // the URL it was opened from, for messages
}

// Clock tells the time. Leases expire by it; tests inject one.
type Clock interface{ Now() time.Time }

type wallClock struct{}

func (wallClock) Now() time.Time { return time.Now() }

// Options adjust how a store is opened. The zero Options are the defaults.
type Options struct {
	// Clock decides lease expiry; the wall clock by default.
	Clock Clock
	// HTTPClient carries an S3 store's requests; the SDK's by default.
	HTTPClient *http.Client
	// PartSize is the size of an S3 multipart upload's parts, and the size
	// above which an output is uploaded in parts (at least 5 MiB, S3's
	// minimum; 16 MiB by default).
	PartSize int64
	// RetryMaxAttempts bounds the SDK's attempts per S3 request (its
	// default, 3, when zero).
	RetryMaxAttempts int
}

// New is a store over a backend.
func New(b Backend, opts Options) *Store {
	c := opts.Clock
	if c == nil {
		c = wallClock{}
	}
	return &Store{b: b, clock: c, where: fmt.Sprintf("%T", b)}
}

// Open opens the store a URL names: s3://bucket/prefix for any
// S3-compatible service (credentials, region and endpoint from the
// standard AWS chain), or file:///path for a shared folder.
func Open(ctx context.Context, rawURL string, opts Options) (*Store, error) {
	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("store: %q is not a URL: write s3://bucket/prefix or file:///path", rawURL)
	}
	var b Backend
	switch u.Scheme {
	case "s3":
		b, err = openS3(ctx, u, opts)
	case "file":
		b, err = openFile(u)
	default:
		return nil, fmt.Errorf("store: %q: unknown scheme %q: write s3://bucket/prefix or file:///path", rawURL, u.Scheme)
	}
	if err != nil {
		return nil, err
	}
	s := New(b, opts)
	s.where = rawURL
	return s, nil
}

// String is the URL the store was opened from.
func (s *Store) String() string { return s.where }

// Backend is the backend the store is built on.
func (s *Store) Backend() Backend { return s.b }

// The layout below the prefix. Every name is made here from a validated
// hex digest, so no input can reach outside the prefix.
const (
	outputsDir  = "outputs/sha256/"
	recordsDir  = "records/"
	renderedDir = "rendered/"
	leasesDir   = "leases/"
)

func outputName(sum string) string { return outputsDir + sum[:2] + "/" + sum }
func recordName(key string) string { return recordsDir + key + ".json" }
func leaseName(key string) string  { return leasesDir + key }

// renderedName is the index entry saying key was rendered to an output: a
// listing of rendered/ alone tells every key's output, with no request
// per key.
func renderedName(key string, o Output) string {
	return fmt.Sprintf("%s%s/%s.%d", renderedDir, key, o.SHA256, o.Size)
}

// checkHex says whether s is 64 lower-case hex digits, as render keys and
// SHA-256 sums are.
func checkHex(op, what, s string) error {
	if len(s) != 64 || strings.Trim(s, "0123456789abcdef") != "" {
		return &Error{Op: op, Kind: Invalid, Err: fmt.Errorf("%s %q is not 64 lower-case hex digits", what, s)}
	}
	return nil
}

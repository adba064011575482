package store

import (
	"context"
	"io"
	"time"
)

// Backend is the handful of object operations the store is built on: an
// S3 bucket below a prefix, or a shared folder. Records, leases and
// outputs are written once above it, so both backends keep the same
// promises; a test may wrap one to inject faults.
//
// Names are slash-separated paths below the store's prefix, made by the
// store only (never from user input). A version is an opaque string that
// changes whenever an object's bytes change: S3's ETag, or the file
// backend's SHA-256 of the bytes.
type Backend interface {
	// ReadSmall reads a whole small object (a record or a lease) and its
	// version. An object over max bytes is Corrupt.
	ReadSmall(ctx context.Context, name string, max int64) ([]byte, string, error)
	// WriteSmall writes a small object if cond holds, atomically: a
	// reader sees the old bytes or the new, never a mix. A write whose
	// condition fails is a Conflict. It returns the new version.
	WriteSmall(ctx context.Context, name string, data []byte, cond Cond) (string, error)
	// Open streams an object and tells its size.
	Open(ctx context.Context, name string) (io.ReadCloser, int64, error)
	// WriteLarge stores size bytes from r whose SHA-256 is sum, unless an
	// object of that size is already there. The bytes are checked against
	// sum before the object becomes visible; on a mismatch nothing is
	// stored and the error is Invalid.
	WriteLarge(ctx context.Context, name string, r io.Reader, size int64, sum [32]byte) error
	// Stat tells an object's size.
	Stat(ctx context.Context, name string) (int64, error)
	// List calls fn for every object whose name starts with prefix, in
	// name order, paging through the listing.
	List(ctx context.Context, prefix string, fn func(ObjectInfo) error) error
}

// Cond is the precondition of a conditional write. The zero Cond writes
// unconditionally.
type Cond struct {
	// IfNoneMatch writes only if the object does not exist (S3's
	// If-None-Match: *).
	IfNoneMatch bool
	// IfMatch, when set, writes only if the object's version is this one
	// (S3's If-Match: ETag).
	IfMatch string
}

// ObjectInfo is one entry of a listing.
type ObjectInfo struct {
	Name     string
	Size     int64
	Modified time.Time
}

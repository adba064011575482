package snapshot

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"hash"
	"strconv"
)

// contentHash hashes what a snapshot records of a file's content: the
// SHA-256 of its bytes (of a folder's sorted names), and on request git's
// blob id of the same bytes, in one read. A check worker keeps one for all
// its files: a fresh hash and hex string per file were a tenth of
// confirming a checked-out tree.
type contentHash struct {
	sha, blob hash.Hash
	withBlob  bool
	n         int64 // bytes hashed, the blob header aside
	sum       [sha256.Size]byte
	scratch   []byte
}

func newContentHash() *contentHash {
	return &contentHash{sha: sha256.New(), blob: sha1.New(), scratch: make([]byte, 0, 256)}
}

// Write hashes p; it never fails.
func (c *contentHash) Write(p []byte) (int, error) {
	c.sha.Write(p)
	if c.withBlob {
		c.blob.Write(p)
	}
	c.n += int64(len(p))
	return len(p), nil
}

// file hashes the content of f as it is now, reading no more than f.Size
// and one byte (see readInto); with withBlob, its blob id too (never of
// a folder: git's index holds none).
func (c *contentHash) file(f File, withBlob bool) error {
	c.begin(f, withBlob)
	if !f.Dir {
		return readInto(c, f.Path, f.Size)
	}
	names, err := listNames(f.Path)
	if err != nil {
		return err
	}
	for _, n := range names {
		c.sha.Write(append(append(c.scratch[:0], n...), '\n'))
	}
	return nil
}

// begin starts hashing the content of f, its blob id too withBlob.
func (c *contentHash) begin(f File, withBlob bool) {
	c.sha.Reset()
	c.n, c.withBlob = 0, withBlob && !f.Dir
	if c.withBlob {
		c.blob.Reset()
		c.blob.Write(append(strconv.AppendInt(append(c.scratch[:0], "blob "...), f.Size, 10), 0))
	}
}

// sumIs reports whether the content hashed is the one whose hex SHA-256
// is want.
func (c *contentHash) sumIs(want string) bool { return hexIs(want, c.sha.Sum(c.sum[:0])) }

// sumHex is the hex SHA-256 of the content hashed.
func (c *contentHash) sumHex() string { return hex.EncodeToString(c.sha.Sum(c.sum[:0])) }

// blobHex is the hex blob id of the content hashed, if it was asked for
// and the file held exactly size bytes (the size its header named).
func (c *contentHash) blobHex(size int64) string {
	if !c.withBlob || c.n != size {
		return ""
	}
	var id [sha1.Size]byte
	return hex.EncodeToString(c.blob.Sum(id[:0]))
}

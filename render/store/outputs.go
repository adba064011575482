package store

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"sort"
	"strings"
)

// PutOutput stores an output of size bytes under its SHA-256 sum (64 hex
// digits). It is idempotent: an output already stored is not sent again.
// The bytes are checked against sum on the way (by the server too, on S3:
// x-amz-checksum-sha256), so a wrong or short reader stores nothing.
func (s *Store) PutOutput(ctx context.Context, sum string, r io.Reader, size int64) error {
	const op = "put output"
	if err := checkHex(op, "sha256", sum); err != nil {
		return err
	}
	if size < 0 {
		return &Error{Op: op, Name: outputName(sum), Kind: Invalid, Err: fmt.Errorf("size %d", size)}
	}
	var raw [32]byte
	hex.Decode(raw[:], []byte(sum))
	return rewrap(op, s.b.WriteLarge(ctx, outputName(sum), r, size, raw))
}

// GetOutput writes the output stored under sum to w and returns its size.
// The bytes are hashed as they stream: an output that does not match its
// sum is Corrupt, after w has had its bytes, so write to a temporary file
// and rename it only on success.
func (s *Store) GetOutput(ctx context.Context, sum string, w io.Writer) (int64, error) {
	const op = "get output"
	if err := checkHex(op, "sha256", sum); err != nil {
		return 0, err
	}
	name := outputName(sum)
	rc, size, err := s.b.Open(ctx, name)
	if err != nil {
		return 0, rewrap(op, err)
	}
	defer rc.Close()
	h := sha256.New()
	n, err := io.Copy(io.MultiWriter(w, h), io.LimitReader(rc, size+1))
	if err != nil {
		return n, fail(op, name, Unreachable, err)
	}
	if n != size {
		return n, &Error{Op: op, Name: name, Kind: Corrupt, Err: fmt.Errorf("read %d bytes of %d", n, size)}
	}
	if got := hex.EncodeToString(h.Sum(nil)); got != sum {
		return n, &Error{Op: op, Name: name, Kind: Corrupt, Err: fmt.Errorf("its bytes hash to %s", got)}
	}
	return n, nil
}

// shardsPerListing is how many two-digit shards a lookup lists one by one
// before it lists the whole folder instead.
const shardsPerListing = 32

// HasOutputs tells which of sums the store holds, with their sizes, in
// listings rather than a request per output: the shards (the first two hex
// digits) the sums fall in, or the whole outputs folder when they fall in
// many.
func (s *Store) HasOutputs(ctx context.Context, sums []string) (map[string]int64, error) {
	const op = "list outputs"
	want := map[string]bool{}
	for _, sum := range sums {
		if err := checkHex(op, "sha256", sum); err != nil {
			return nil, err
		}
		want[sum] = true
	}
	found := map[string]int64{}
	err := s.listShards(ctx, outputsDir, keysOf(want), func(o ObjectInfo) error {
		sum := o.Name[strings.LastIndexByte(o.Name, '/')+1:]
		if want[sum] {
			found[sum] = o.Size
		}
		return nil
	})
	if err != nil {
		return nil, rewrap(op, err)
	}
	return found, nil
}

// listShards lists dir's objects in the shards of the given hex names, or
// all of dir when they span more than shardsPerListing shards. Under
// outputs/ a shard is a folder (ab/); under records/ and rendered/ it is
// the first two digits of a name.
func (s *Store) listShards(ctx context.Context, dir string, names []string, fn func(ObjectInfo) error) error {
	if len(names) == 0 {
		return nil
	}
	shards := map[string]bool{}
	for _, n := range names {
		shards[n[:2]] = true
	}
	if len(shards) > shardsPerListing {
		return s.b.List(ctx, dir, fn)
	}
	for _, sh := range keysOf(shards) {
		if err := s.b.List(ctx, dir+sh, fn); err != nil {
			return err
		}
	}
	return nil
}

func keysOf(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

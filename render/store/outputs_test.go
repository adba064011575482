package store_test

import (
	"bytes"
	"context"
	"errors"
	"io"
	"testing"

	"github.com/reel-dev/reel/render/store"
)

// failingReader fails the test if read: an idempotent put must not read
// (nor send) an output the store holds.
type failingReader struct{ t *testing.T }

func (r failingReader) Read([]byte) (int, error) {
	r.t.Error("an output already stored was read again")
	return 0, errors.New("read")
}

func TestOutputRoundTrip(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, _ *fakeClock) {
		ctx := context.Background()
		data := randomBytes(t, 100_000)
		sum := shaBytes(data)
		must(t, s.PutOutput(ctx, sum, bytes.NewReader(data), int64(len(data))))
		must(t, s.PutOutput(ctx, sum, failingReader{t}, int64(len(data))))
		var got bytes.Buffer
		n, err := s.GetOutput(ctx, sum, &got)
		must(t, err)
		if n != int64(len(data)) || !bytes.Equal(got.Bytes(), data) {
			t.Fatalf("got %d bytes back, want the %d put", n, len(data))
		}
		missing := sha("never stored")
		has, err := s.HasOutputs(ctx, []string{sum, missing})
		must(t, err)
		if len(has) != 1 || has[sum] != int64(len(data)) {
			t.Fatalf("HasOutputs = %v, want only %s of %d bytes", has, sum[:8], len(data))
		}
		_, err = s.GetOutput(ctx, missing, io.Discard)
		wantKind(t, err, store.NotFound)
	})
}

func TestPutOutputStoresNothingThatDoesNotMatchItsHash(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, _ *fakeClock) {
		ctx := context.Background()
		data := randomBytes(t, 6<<20) // over the part size: a multipart upload on S3
		for name, put := range map[string]func() error{
			"wrong hash": func() error {
				return s.PutOutput(ctx, sha("other"), bytes.NewReader(data), int64(len(data)))
			},
			"short reader": func() error {
				return s.PutOutput(ctx, shaBytes(data), bytes.NewReader(data[:len(data)-1]), int64(len(data)))
			},
			"long reader": func() error {
				return s.PutOutput(ctx, shaBytes(data[:len(data)-1]), bytes.NewReader(data), int64(len(data)-1))
			},
			"small, wrong hash": func() error {
				return s.PutOutput(ctx, sha("small"), bytes.NewReader(data[:10]), 10)
			},
		} {
			if err := put(); !errors.Is(err, store.Invalid) {
				t.Fatalf("%s: %v, want invalid", name, err)
			}
		}
		has, err := s.HasOutputs(ctx, []string{sha("other"), shaBytes(data), shaBytes(data[:len(data)-1]), sha("small")})
		must(t, err)
		if len(has) != 0 {
			t.Fatalf("stored after failed puts: %v", has)
		}
	})
}

func TestCorruptOutputIsDetectedOnGet(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, _ *fakeClock) {
		ctx := context.Background()
		data := randomBytes(t, 4096)
		sum := shaBytes(data)
		must(t, s.PutOutput(ctx, sum, bytes.NewReader(data), int64(len(data))))
		bad := bytes.Clone(data)
		bad[2000] ^= 1
		// a disk or a hand that changed the object after it was stored
		_, err := s.Backend().WriteSmall(ctx, "outputs/sha256/"+sum[:2]+"/"+sum, bad, store.Cond{})
		must(t, err)
		_, err = s.GetOutput(ctx, sum, io.Discard)
		wantKind(t, err, store.Corrupt)
		_, err = s.Backend().WriteSmall(ctx, "outputs/sha256/"+sum[:2]+"/"+sum, data[:100], store.Cond{})
		must(t, err)
		_, err = s.GetOutput(ctx, sum, io.Discard)
		wantKind(t, err, store.Corrupt)
	})
}

func TestHasOutputsListsManyShards(t *testing.T) {
	eachBackend(t, func(t *testing.T, _ string, s *store.Store, _ *fakeClock) {
		ctx := context.Background()
		var sums []string
		for i := range 60 { // 60 outputs span more shards than are listed one by one
			data := []byte{byte(i), 'x'}
			sum := shaBytes(data)
			if i%2 == 0 {
				must(t, s.PutOutput(ctx, sum, bytes.NewReader(data), 2))
			}
			sums = append(sums, sum)
		}
		for _, ask := range [][]string{sums, sums[:4]} {
			has, err := s.HasOutputs(ctx, ask)
			must(t, err)
			for i, sum := range ask {
				if _, ok := has[sum]; ok != (i%2 == 0) {
					t.Fatalf("asking %d: output %d found=%v", len(ask), i, ok)
				}
			}
		}
	})
}

package store_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/reel-dev/reel/render/store"
	"github.com/reel-dev/reel/render/store/s3test"
)

const (
	benchOutputs     = 1000
	benchOutputSize  = 8 << 10
	benchConcurrency = 16
)

// BenchmarkFetch1000 fetches 1,000 small outputs from a store on
// versitygw at 16 at a time: through the store (GetOutput: each hashed
// and checked against its name), and as plain GETs of the same objects'
// presigned URLs with net/http. scripts/store-bench.sh prints the ratio.
func BenchmarkFetch1000(b *testing.B) {
	srv := sharedServer(b)
	srv.Setenv(b)
	p := prefix(b)
	ctx := context.Background()
	s, err := store.Open(ctx, srv.URL(p), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	sums := benchOutputsIn(b, s)
	urls := presigned(b, srv, p, sums)
	b.Run("store", func(b *testing.B) {
		for b.Loop() {
			parallel(b, len(sums), func(i int) error {
				_, err := s.GetOutput(ctx, sums[i], io.Discard)
				return err
			})
		}
	})
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			parallel(b, len(urls), func(i int) error { return plainGet(urls[i]) })
		}
	})
}

func benchOutputsIn(b *testing.B, s *store.Store) []string {
	var sums []string
	for i := range benchOutputs {
		data := bytes.Repeat([]byte(fmt.Sprintf("%07d", i)), benchOutputSize/7+1)[:benchOutputSize]
		sum := shaBytes(data)
		if err := s.PutOutput(context.Background(), sum, bytes.NewReader(data), int64(len(data))); err != nil {
			b.Fatal(err)
		}
		sums = append(sums, sum)
	}
	return sums
}

// presigned is a GET URL for each output, signed for an hour, so the
// plain client needs neither the SDK nor a signature per request.
func presigned(b *testing.B, srv *s3test.Server, prefix string, sums []string) []string {
	pc := s3.NewPresignClient(srv.Client(nil))
	var urls []string
	for _, sum := range sums {
		key := prefix + "/outputs/sha256/" + sum[:2] + "/" + sum
		req, err := pc.PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: &srv.Bucket, Key: &key},
			s3.WithPresignExpires(time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		urls = append(urls, req.URL)
	}
	return urls
}

var plainClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: benchConcurrency}}

func plainGet(url string) error {
	resp, err := plainClient.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("GET: %s", resp.Status)
	}
	_, err = io.Copy(io.Discard, resp.Body)
	return err
}

// parallel runs f(0..n-1) on benchConcurrency goroutines.
func parallel(b *testing.B, n int, f func(int) error) {
	next := make(chan int)
	var wg sync.WaitGroup
	for range benchConcurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if err := f(i); err != nil {
					b.Error(err)
				}
			}
		}()
	}
	for i := range n {
		next <- i
	}
	close(next)
	wg.Wait()
}

package render_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render"
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider"
	"github.com/reel-dev/reel/render/store"
	"github.com/reel-dev/reel/render/store/s3test"
)

const (
	fetchBenchOutputs = 1000
	fetchBenchSize    = 8 << 10
	fetchBenchGets    = 16 // the plain side's concurrency: the store side's (storeGets)
)

// BenchmarkFetchFromStore1000 restores 1,000 recorded outputs of 8 KiB
// from a store on versitygw, as reel fetch does on a fresh runner (each
// written to a temporary file, verified by its structure and SHA-256, and
// renamed into place; no provider is asked), against plain GETs of the
// same objects' presigned URLs with net/http, 16 at a time, into
// io.Discard. scripts/store-fetch-bench.sh interleaves them and prints the
// ratio.
func BenchmarkFetchFromStore1000(b *testing.B) {
	srv := s3test.Start(b)
	srv.Setenv(b)
	ctx := context.Background()
	s, err := store.Open(ctx, srv.URL("bench"), store.Options{})
	if err != nil {
		b.Fatal(err)
	}
	recs, urls := benchRecorded(b, s, srv)
	dir := b.TempDir()
	p := &manifest.Project{Root: dir, OutputDir: filepath.Join(dir, "out")}
	noProvider := func(string) (provider.Provider, error) { return nil, errors.New("no provider in this benchmark") }
	b.Run("reel", func(b *testing.B) {
		for b.Loop() {
			b.StopTimer()
			os.RemoveAll(p.OutputDir)
			b.StartTimer()
			r := &render.Runner{Project: p, Open: noProvider, Store: render.NewShared(s, "bench", time.Minute)}
			if res := r.Fetch(ctx, recs); len(res.Done) != len(recs) {
				b.Fatalf("fetched %d of %d: %v", len(res.Done), len(recs), res.Failed)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		for b.Loop() {
			getAll(b, urls)
		}
	})
}

// benchRecorded stores fetchBenchOutputs distinct whole MP4s and returns
// them as reel.lock would record them, and a presigned GET URL of each.
func benchRecorded(b *testing.B, s *store.Store, srv *s3test.Server) ([]render.Recorded, []string) {
	pc := s3.NewPresignClient(srv.Client(nil))
	var recs []render.Recorded
	var urls []string
	for i := range fetchBenchOutputs {
		data := benchMP4(i)
		sum := sha256.Sum256(data)
		hexSum := hex.EncodeToString(sum[:])
		if err := s.PutOutput(context.Background(), hexSum, bytes.NewReader(data), int64(len(data))); err != nil {
			b.Fatal(err)
		}
		recs = append(recs, render.Recorded{ID: fmt.Sprintf("v%04d", i), Render: lock.Render{Key: hexSum, Provider: "heygen/v3", Job: "j",
			Output: fmt.Sprintf("v%04d.mp4", i), Size: int64(len(data)), SHA256: hexSum}})
		key := "bench/outputs/sha256/" + hexSum[:2] + "/" + hexSum
		req, err := pc.PresignGetObject(context.Background(), &s3.GetObjectInput{Bucket: &srv.Bucket, Key: &key}, s3.WithPresignExpires(time.Hour))
		if err != nil {
			b.Fatal(err)
		}
		urls = append(urls, req.URL)
	}
	return recs, urls
}

// benchMP4 is a whole MP4 of fetchBenchSize bytes (ftyp, an empty moov,
// an mdat of filler), distinct for each i.
func benchMP4(i int) []byte {
	head := []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isommp41\x00\x00\x00\x08moov")
	mdat := make([]byte, fetchBenchSize-len(head))
	binary.BigEndian.PutUint32(mdat, uint32(len(mdat)))
	copy(mdat[4:], "mdat")
	binary.BigEndian.PutUint64(mdat[8:], uint64(i))
	return append(head, mdat...)
}

var benchClient = &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: fetchBenchGets}}

// getAll GETs every URL into io.Discard, fetchBenchGets at a time.
func getAll(b *testing.B, urls []string) {
	next := make(chan string)
	var wg sync.WaitGroup
	for range fetchBenchGets {
		wg.Go(func() {
			for u := range next {
				resp, err := benchClient.Get(u)
				if err != nil {
					b.Error(err)
					continue
				}
				_, err = io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				if err != nil || resp.StatusCode != http.StatusOK {
					b.Errorf("GET: %s %v", resp.Status, err)
				}
			}
		})
	}
	for _, u := range urls {
		next <- u
	}
	close(next)
	wg.Wait()
}

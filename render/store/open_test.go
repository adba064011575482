package store_test

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/reel-dev/reel/render/store"
)

func TestOpenSaysWhatToWrite(t *testing.T) {
	for _, url := range []string{"s3:///prefix", "gs://bucket/p", "file://", "file://host/path", "::"} {
		_, err := store.Open(context.Background(), url, store.Options{})
		if err == nil {
			t.Fatalf("%q opened", url)
		}
		if !strings.Contains(err.Error(), "write ") {
			t.Fatalf("%q: %v: the error does not say what to write", url, err)
		}
	}
}

func TestFileStoreGoneIsUnreachable(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "share")
	must(t, os.Mkdir(dir, 0o755))
	ctx := context.Background()
	s, err := store.Open(ctx, "file://"+dir, store.Options{})
	must(t, err)
	must(t, s.PutRecord(ctx, &store.Record{Key: hexKey(1), State: store.Creating}))
	must(t, os.RemoveAll(dir)) // the share was unmounted
	_, err = s.GetRecord(ctx, hexKey(1))
	wantKind(t, err, store.Unreachable)
	_, err = s.Acquire(ctx, hexKey(1), "a", time.Minute)
	wantKind(t, err, store.Unreachable)
	_, err = store.Open(ctx, "file://"+dir, store.Options{})
	wantKind(t, err, store.Unreachable)
}

package store_test

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"testing"

	"github.com/reel-dev/reel/render/store"
)

func sha(s string) string { return shaBytes([]byte(s)) }

func shaBytes(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:])
}

func randomBytes(t *testing.T, n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

// wantKind fails the test unless err is a store error of kind k.
func wantKind(t *testing.T, err error, k store.Kind) {
	t.Helper()
	if !errors.Is(err, k) {
		t.Fatalf("error = %v, want kind %q", err, k)
	}
}

func must(t testing.TB, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

package uring

import "testing"

// BenchmarkNewRing64 sets up and closes a ring for batches of 64 files,
// as each check worker's first batch does in a process: what a ring
// costs before it does any work.
//
//	go test -run '^$' -bench NewRing ./internal/uring/
func BenchmarkNewRing64(b *testing.B) {
	for b.Loop() {
		r, err := New(64)
		if err != nil {
			b.Fatal(err)
		}
		r.Close()
	}
}

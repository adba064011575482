package lock

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/google/go-cmp/cmp"
)

// FuzzDecode: Decode never panics, and whatever it accepts encodes and
// decodes back to the same value, in bytes that are stable from then on.
// The one exception is the request line of an older lock: it is read, and
// never written (the Store keeps requests). And a lock it accepts is never
// accepted cut short: not by a byte, not at any line's end.
func FuzzDecode(f *testing.F) {
	for _, name := range []string{"golden.lock", "v1.lock", "avatars.lock"} {
		if data, err := os.ReadFile(filepath.Join("testdata", name)); err == nil {
			f.Add(data)
			f.Add(bytes.ReplaceAll(data, []byte("\n"), []byte("\r\n")))
		}
	}
	if data, err := Encode(tricky()); err == nil {
		f.Add(data)
	}
	for _, tc := range damaged {
		f.Add([]byte(tc.in))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		l, err := Decode(in)
		if err != nil {
			return
		}
		cuts := 0 // the last 100 line ends: the whole file's would be quadratic
		for n := len(in) - 1; n >= 0 && cuts < 100; n-- {
			if n == len(in)-1 || n == 0 || in[n-1] == '\n' {
				cuts++
				if _, err := Decode(in[:n]); err == nil {
					t.Fatalf("accepted cut to %d of %d bytes:\n%q", n, len(in), in)
				}
			}
		}
		data, err := Encode(l)
		if err != nil {
			t.Fatalf("decoded lock does not encode: %v\n%q", err, in)
		}
		for _, e := range l.Videos {
			e.Request = nil
		}
		again, err := Decode(data)
		if err != nil {
			t.Fatalf("re-encoded lock does not decode: %v\n%s", err, data)
		}
		if diff := cmp.Diff(l, again, sameLock); diff != "" {
			t.Fatalf("value changed (-first +second):\n%s", diff)
		}
		if data2, _ := Encode(again); !bytes.Equal(data, data2) {
			t.Fatalf("bytes not stable:\n%s\n---\n%s", data, data2)
		}
	})
}

package safefile

import (
	"errors"
	"os"
	"strings"
	"testing"
)

// A file whose descriptor reports fewer bytes than it holds (as one that
// grows while read does) is read no further than one byte past its cap.
// Linux's /proc files report a size of 0.
func TestReadGrowsPastCap(t *testing.T) {
	const path = "/proc/self/status"
	data, err := os.ReadFile(path)
	if err != nil || len(data) <= 100 {
		t.Fatalf("%s: %d bytes, %v", path, len(data), err)
	}
	l := Limit{Kind: "a status", Max: 100}
	_, err = Read(path, l)
	var tb *TooBigError
	if !errors.As(err, &tb) || !tb.Grew || tb.Size != l.Max+1 || !strings.Contains(err.Error(), "grew past 100 bytes while it was read") {
		t.Fatalf("Read: %v, want a TooBigError at %d bytes", err, l.Max+1)
	}
	if got, err := Read(path, Limit{Kind: "a status", Max: 1 << 20}); err != nil || !strings.HasPrefix(string(got), "Name:") {
		t.Fatalf("Read under the cap: %q, %v", got, err)
	}
}

package snapshot

import (
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/reel-dev/reel/internal/fuzzfs"
)

// FuzzRenderedKeys: whatever lies where the rendered keys go, a key is
// said to be rendered only where the file lists it (a re-plan takes such
// a video for a free download), and where the file is whole and sorted,
// as SaveKeys writes it, every key it lists is found.
func FuzzRenderedKeys(f *testing.F) {
	seed := f.TempDir()
	keys := []string{fmt.Sprintf("%064x", 7), fmt.Sprintf("%064x", 3), fmt.Sprintf("%064x", 11)}
	if err := SaveKeys(seed, "L", keys); err != nil {
		f.Fatal(err)
	}
	data, err := os.ReadFile(KeysPath(seed))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data, keys[1])
	f.Add(data, fmt.Sprintf("%064x", 5))
	f.Add(data[:len(data)-1], keys[2])
	root := fuzzfs.Root(f)
	f.Fuzz(func(t *testing.T, data []byte, key string) {
		fuzzfs.Plant(t, KeysPath(root), data)
		k, ok := OpenKeys(root, "L")
		if !ok {
			return
		}
		defer k.Close()
		lines, whole := keyLines(string(data[len(keysHeader+"L\n"):]))
		listed := slices.Contains(lines, key)
		has, err := k.Has(key)
		switch {
		case has && !listed:
			t.Fatalf("%q found, not listed in %q", key, lines)
		case whole && slices.IsSorted(lines) && (err != nil || has != listed):
			t.Fatalf("%q in the sorted %q: Has = %v, %v", key, lines, has, err)
		}
	})
}

// keyLines cuts a keys file's body into its keys, as it lays them out,
// and reports whether every line is a key and a newline.
func keyLines(body string) (keys []string, whole bool) {
	whole = true
	for ; len(body) >= keyLine; body = body[keyLine:] {
		keys = append(keys, body[:keyLine-1])
		whole = whole && body[keyLine-1] == '\n' && !strings.Contains(body[:keyLine-1], "\n")
	}
	return keys, whole
}

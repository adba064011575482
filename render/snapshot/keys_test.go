package snapshot

import (
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestRenderedKeys(t *testing.T) {
	root := t.TempDir()
	key := func(i int) string { return fmt.Sprintf("%064x", i*7919) }
	var keys []string
	for i := 1; i <= 500; i += 2 { // odd ones only, out of order, one twice
		keys = append(keys, key(501-i))
	}
	keys = append(keys, key(500))
	if err := SaveKeys(root, "lock-a", keys); err != nil {
		t.Fatal(err)
	}
	k, ok := LoadKeys(root, "lock-a")
	if !ok {
		t.Fatal("the keys just saved do not load")
	}
	for i := 0; i <= 501; i++ {
		if want := i%2 == 0 && i > 0; k.Has(key(i)) != want {
			t.Errorf("Has(key %d) = %v, want %v", i, !want, want)
		}
	}
	if _, ok := LoadKeys(root, "lock-b"); ok {
		t.Error("the keys of another lock were taken for this one's")
	}
	data, _ := os.ReadFile(KeysPath(root))
	os.WriteFile(KeysPath(root), data[:len(data)-3], 0o644)
	if _, ok := LoadKeys(root, "lock-a"); ok {
		t.Error("a torn keys file loaded")
	}
	if err := SaveKeys(root, "lock-a", []string{strings.Repeat("a", 63)}); err == nil {
		t.Error("a short key was written")
	}
}

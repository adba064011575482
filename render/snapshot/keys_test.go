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
	k, ok := OpenKeys(root, "lock-a")
	if !ok {
		t.Fatal("the keys just saved do not open")
	}
	for i := 0; i <= 501; i++ {
		if has, err := k.Has(key(i)); has != (i%2 == 0 && i > 0) || err != nil {
			t.Errorf("Has(key %d) = %v, %v", i, has, err)
		}
	}
	if has, err := k.Has(strings.Repeat("f", 64)); has || err != nil {
		t.Errorf("Has(a key past the last) = %v, %v", has, err)
	}
	k.Close()
	if _, ok := OpenKeys(root, "lock-b"); ok {
		t.Error("the keys of another lock were taken for this one's")
	}
	data, _ := os.ReadFile(KeysPath(root))
	os.WriteFile(KeysPath(root), data[:len(data)-3], 0o644)
	if _, ok := OpenKeys(root, "lock-a"); ok {
		t.Error("a torn keys file opened")
	}
	// a line without its newline is noticed, not taken for a key
	os.WriteFile(KeysPath(root), []byte(keysHeader+"lock-a\n"+strings.Repeat("a", 65)), 0o644)
	if k, ok := OpenKeys(root, "lock-a"); !ok {
		t.Error("a keys file of whole lines did not open")
	} else if _, err := k.Has(key(2)); err == nil {
		t.Error("a damaged line read as a key")
	}
	if err := SaveKeys(root, "lock-a", []string{strings.Repeat("a", 63)}); err == nil {
		t.Error("a short key was written")
	}
}

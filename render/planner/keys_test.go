package planner

import (
	"testing"

	"github.com/reel-dev/reel/internal/gentree"
)

// TestCurrentKeys: the ids a manifest defines get the render key it gives
// them now; an id no manifest defines gets none, and keys given before
// stay.
func TestCurrentKeys(t *testing.T) {
	dir := t.TempDir()
	if _, err := gentree.Write(dir, gentree.Options{Videos: 3, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	pl := New(dir, Options{})
	set, err := pl.Load(nil)
	if err != nil {
		t.Fatal(err)
	}
	v := set.Videos[1]
	keys := map[string]string{"kept": "k0"}
	pl.CurrentKeys([]string{v.ID, "no/such"}, keys)
	want := map[string]string{"kept": "k0", v.ID: v.Request.Key}
	if len(keys) != len(want) || keys[v.ID] != v.Request.Key || keys["kept"] != "k0" {
		t.Fatalf("keys %v, want %v", keys, want)
	}
}

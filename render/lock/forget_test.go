package lock

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"
)

// TestForget: the videos named leave reel.lock, the others stay, and the
// ids it did not record are returned, not dropped silently.
func TestForget(t *testing.T) {
	path := filepath.Join(t.TempDir(), FileName)
	_, err := Update(path, func(l *Lock) error {
		for _, id := range []string{"a", "b", "c"} {
			l.Set(done(id, id))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	gone, _, missing, err := Forget(path, []string{"b", "nope", "a"}, "")
	if err != nil {
		t.Fatal(err)
	}
	var ids []string
	for _, e := range gone {
		ids = append(ids, e.ID)
	}
	if !slices.Equal(ids, []string{"b", "a"}) || !slices.Equal(missing, []string{"nope"}) {
		t.Errorf("Forget: gone %q, missing %q; want b and a gone, nope missing", ids, missing)
	}
	l, err := Read(path)
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := l.Videos["c"]; len(l.Videos) != 1 || !ok {
		t.Errorf("left in the lock: %q; want c alone", slices.Sorted(maps.Keys(l.Videos)))
	}
}

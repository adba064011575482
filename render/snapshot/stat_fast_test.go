//go:build linux && (amd64 || arm64)

package snapshot

import (
	"path/filepath"
	"testing"
)

// TestStatAllocatesNothing: a check stats every input of the project, ten
// thousand and more, with the collector off: a stat must leave no garbage.
func TestStatAllocatesNothing(t *testing.T) {
	dir := t.TempDir()
	paths := []string{dir, filepath.Join(dir, "gone.yaml")}
	var st statter
	st.stat(dir) // the buffer grows once
	if n := testing.AllocsPerRun(100, func() {
		for _, p := range paths {
			if _, err := st.stat(p); err != nil {
				t.Fatal(err)
			}
		}
	}); n != 0 {
		t.Errorf("%v allocations per stat of an input; want none", n/float64(len(paths)))
	}
}

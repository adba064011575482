package preview

import (
	"fmt"
	"os"
	"path/filepath"
)

// DraftsDir is where a project's drafts are kept, below its root: never in
// output_dir, never in reel.lock.
var DraftsDir = filepath.Join(".reel", "drafts")

// DraftsOf is the drafts folder of the project at root.
func DraftsOf(root string) string { return filepath.Join(root, DraftsDir) }

// Measured is what the planner measures lengths with: the drafts of the
// project at root, each draft's length by its render key, read without
// running a tool; and its stamp, the drafts folder's, which changes
// whenever a draft is made or removed. Without drafts, nil and "".
func Measured(root string) (measure func(key string) (seconds float64, ok bool), stamp string) {
	dir := DraftsOf(root)
	st, err := os.Stat(dir)
	if err != nil || !st.IsDir() {
		return nil, ""
	}
	return func(key string) (float64, bool) {
		r, ok := Cached(dir, key)
		return r.Seconds, ok
	}, fmt.Sprintf("drafts %d %d", st.ModTime().UnixNano(), st.Size())
}

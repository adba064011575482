package lock

import (
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"
	"unicode"
)

// OutputPath is where an output reel.lock records is written: rel, a slash
// path, below outDir. The lock comes from git, and a branch may record any
// path in it, so the checks a manifest's output gets are made again here:
// a path that leaves outDir (absolute, by .., or through a link to a
// folder outside), that is not an .mp4 or .webm, or that holds a control
// character is refused before anything is read or written.
func OutputPath(outDir, rel string) (string, error) {
	local := filepath.FromSlash(rel)
	ext := strings.ToLower(path.Ext(rel))
	switch {
	case rel == "" || strings.IndexFunc(rel, unicode.IsControl) >= 0 || strings.Contains(rel, `\`):
		return "", fmt.Errorf("reel.lock records the output %q, which is no file name: restore reel.lock from git (git checkout reel.lock)", rel)
	case !filepath.IsLocal(local):
		return "", fmt.Errorf("reel.lock records the output %q, which leaves output_dir: restore reel.lock from git (git checkout reel.lock)", rel)
	case ext != ".mp4" && ext != ".webm":
		return "", fmt.Errorf("reel.lock records the output %q, which is not an .mp4 or .webm: restore reel.lock from git (git checkout reel.lock)", rel)
	}
	out := filepath.Join(outDir, local)
	root, err := filepath.EvalSymlinks(outDir)
	if err != nil {
		return out, nil // no output_dir yet: nothing below it can be a link
	}
	dir := filepath.Dir(out)
	for dir != outDir && len(dir) > len(outDir) {
		if _, err := os.Lstat(dir); err == nil {
			break
		}
		dir = filepath.Dir(dir)
	}
	real, err := filepath.EvalSymlinks(dir)
	if err != nil {
		return "", fmt.Errorf("%s: %w", rel, err)
	}
	if within, err := filepath.Rel(root, real); err != nil || !filepath.IsLocal(within) && within != "." {
		return "", fmt.Errorf("reel.lock records the output %q, which would be written through a link to %s, outside output_dir: remove the link", rel, real)
	}
	return out, nil
}

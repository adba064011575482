package watch

import (
	"path/filepath"
	"strings"
)

// TempName reports whether a file name is an editor's temp or backup file,
// or one of reel's own temporary files: writing one is never a save.
//
// vim writes .name.swp (and .swo, .swx) and probes a folder with a file
// called 4913; emacs locks with .#name and autosaves to #name#; many tools
// keep name~ backups and name.tmp files; JetBrains IDEs write
// name___jb_tmp___; reel downloads to .reel-download-* and writes
// reel.lock through .reel.lock.tmp-*.
func TempName(name string) bool {
	lower := strings.ToLower(name)
	switch filepath.Ext(lower) {
	case ".swp", ".swo", ".swx", ".tmp":
		return true
	}
	switch {
	case name == "4913",
		strings.HasSuffix(name, "~"),
		strings.HasPrefix(name, ".#"),
		len(name) > 1 && strings.HasPrefix(name, "#") && strings.HasSuffix(name, "#"),
		strings.HasSuffix(name, "___jb_tmp___"), strings.HasSuffix(name, "___jb_old___"),
		strings.HasPrefix(name, ".reel-download-"),
		strings.HasPrefix(name, ".reel.lock.tmp-"):
		return true
	}
	return false
}

package gentree

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// StampCommand is the command of the ninja rule each manifest's edge runs.
const StampCommand = "touch $out"

// WriteNinja writes the ninja equivalent of the project at dir, with the
// manifests Write returned: build.ninja with one edge per manifest (its
// stamp under stamps/ the output, `touch $out` the command), the stamps,
// and the .ninja_log ninja would have written after building them, every
// stamp's mtime at. ninja's first run over it is then a no-op, as reel's
// is over its snapshot, without ninja running ten thousand touch processes
// to get there.
func WriteNinja(dir string, manifests []string, at time.Time) error {
	var build, log strings.Builder
	build.WriteString("rule stamp\n  command = " + StampCommand + "\n")
	log.WriteString("# ninja log v5\n")
	for _, m := range manifests {
		rel, err := filepath.Rel(dir, m)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		stamp := "stamps/" + strings.TrimSuffix(rel, filepath.Ext(rel)) + ".stamp"
		fmt.Fprintf(&build, "build %s: stamp %s\n", stamp, rel)
		if err := emptyFile(filepath.Join(dir, filepath.FromSlash(stamp)), at); err != nil {
			return err
		}
		cmd := strings.ReplaceAll(StampCommand, "$out", stamp)
		fmt.Fprintf(&log, "0\t1\t%d\t%s\t%x\n", at.UnixNano(), stamp, NinjaHash(cmd))
	}
	if err := write(filepath.Join(dir, "build.ninja"), build.String()); err != nil {
		return err
	}
	return write(filepath.Join(dir, ".ninja_log"), log.String())
}

// emptyFile creates an empty file at path, modified at at.
func emptyFile(path string, at time.Time) error {
	if err := write(path, ""); err != nil {
		return err
	}
	return os.Chtimes(path, at, at)
}

// NinjaHash is the hash ninja's log keeps of an edge's command, to tell
// when it changed: MurmurHash64A with ninja's seed.
func NinjaHash(s string) uint64 {
	const seed, m, r = 0xDECAFBADDECAFBAD, 0xc6a4a7935bd1e995, 47
	b := []byte(s)
	h := uint64(seed) ^ uint64(len(b))*m
	for ; len(b) >= 8; b = b[8:] {
		k := uint64(b[0]) | uint64(b[1])<<8 | uint64(b[2])<<16 | uint64(b[3])<<24 |
			uint64(b[4])<<32 | uint64(b[5])<<40 | uint64(b[6])<<48 | uint64(b[7])<<56
		k *= m
		k ^= k >> r
		k *= m
		h ^= k
		h *= m
	}
	if len(b) > 0 {
		for i := len(b) - 1; i >= 0; i-- {
			h ^= uint64(b[i]) << (8 * i)
		}
		h *= m
	}
	h ^= h >> r
	h *= m
	h ^= h >> r
	return h
}

// Age sets the modification time of every file and folder under dir,
// dir too, to at: older than reel's racy window and ninja's stamps, so
// that neither mistakes a generated file for one just edited.
func Age(dir string, at time.Time) error {
	return filepath.WalkDir(dir, func(path string, _ os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		return os.Chtimes(path, at, at)
	})
}

// Checkout rewrites every file of the project at dir with the content it
// has, as a fresh git checkout or a CI cache restore does, leaving alone
// what git does not hold (.reel/cache, out, ninja's files), and sets the
// modification time of what it rewrote, and of every folder, to at.
func Checkout(dir string, at time.Time) error {
	skip := map[string]bool{"out": true, "stamps": true, ".ninja_log": true, ".ninja_deps": true, "build.ninja": true}
	return filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		switch {
		case (skip[rel] || rel == filepath.Join(".reel", "cache")) && d.IsDir():
			return filepath.SkipDir
		case skip[rel]:
			return nil
		case d.IsDir():
			return os.Chtimes(path, at, at)
		}
		if err := rewrite(path); err != nil {
			return err
		}
		return os.Chtimes(path, at, at)
	})
}

// rewrite writes a file's content back into it, in place.
func rewrite(path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return os.WriteFile(path, data, 0)
}

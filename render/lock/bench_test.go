package lock_test

// The benchmarks are an external test package because the lock they use
// comes from internal/gentree, which imports package lock.

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"

	"github.com/reel-dev/reel/internal/gentree"
	"github.com/reel-dev/reel/render/lock"
)

// tree is the reel.lock of a 10,000-video gentree project marked rendered
// (each entry with its ~2 KB canonical request; about 25 MB), built once
// per test binary because generating and loading the project takes
// seconds.
var tree struct {
	once sync.Once
	data []byte
	err  error
}

func realLock(b *testing.B) []byte {
	b.Helper()
	tree.once.Do(func() {
		dir := b.TempDir()
		if _, err := gentree.Write(dir, gentree.Options{Videos: 10_000, Seed: 1}); err != nil {
			tree.err = err
			return
		}
		if err := gentree.MarkRendered(dir); err != nil {
			tree.err = err
			return
		}
		tree.data, tree.err = os.ReadFile(filepath.Join(dir, lock.FileName))
	})
	if tree.err != nil {
		b.Fatal(tree.err)
	}
	return tree.data
}

// writeLock puts the lock into a fresh folder and returns its path.
func writeLock(b *testing.B, data []byte) string {
	b.Helper()
	path := filepath.Join(b.TempDir(), lock.FileName)
	if err := os.WriteFile(path, data, 0o644); err != nil {
		b.Fatal(err)
	}
	return path
}

// BenchmarkLockDecode10k: parsing the 10,000-video lock, no I/O.
func BenchmarkLockDecode10k(b *testing.B) {
	data := realLock(b)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := lock.Decode(data); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLockEncode10k: writing the 10,000-video lock to bytes, no I/O.
func BenchmarkLockEncode10k(b *testing.B) {
	data := realLock(b)
	l, err := lock.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := lock.Encode(l); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLockRead10k: reading reel.lock of 10,000 videos (target ≤ 50 ms).
func BenchmarkLockRead10k(b *testing.B) {
	data := realLock(b)
	path := writeLock(b, data)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := lock.Read(path); err != nil {
			b.Fatal(err)
		}
	}
}

// firstID is the id of the first video in the file.
func firstID(b *testing.B, data []byte) string {
	l, err := lock.Decode(data)
	if err != nil {
		b.Fatal(err)
	}
	ids := make([]string, 0, len(l.Videos))
	for id := range l.Videos {
		ids = append(ids, id)
	}
	return slices.Min(ids)
}

// BenchmarkLockSave10k: changing one video of 10,000 and writing reel.lock
// atomically (locked read, modify, encode, temp file, fsync, rename, fsync
// of the folder), as a render records each step (target ≤ 50 ms).
func BenchmarkLockSave10k(b *testing.B) {
	data := realLock(b)
	id := firstID(b, data)
	path := writeLock(b, data)
	b.SetBytes(int64(len(data)))
	n := 0
	for b.Loop() {
		n++
		_, err := lock.Update(path, func(l *lock.Lock) error {
			l.Videos[id].Job = "job" + strconv.Itoa(n)
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkLockWriteFloor10k is the floor under any whole-file atomic
// save of this lock on this machine: temp file, write, fsync, close,
// rename, fsync of the folder, with nothing computed.
func BenchmarkLockWriteFloor10k(b *testing.B) {
	data := realLock(b)
	dir := b.TempDir()
	path := filepath.Join(dir, lock.FileName)
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		f, err := os.CreateTemp(dir, ".reel.lock.tmp-*")
		if err != nil {
			b.Fatal(err)
		}
		if _, err := f.Write(data); err != nil {
			b.Fatal(err)
		}
		if err := f.Sync(); err != nil {
			b.Fatal(err)
		}
		if err := f.Close(); err != nil {
			b.Fatal(err)
		}
		if err := os.Rename(f.Name(), path); err != nil {
			b.Fatal(err)
		}
		d, err := os.Open(dir)
		if err != nil {
			b.Fatal(err)
		}
		if err := d.Sync(); err != nil {
			b.Fatal(err)
		}
		d.Close()
	}
}

package snapshot

import (
	"runtime"
	"strings"
	"testing"
	"unsafe"
)

// TestNewlinesAreNoFiles: a snapshot whose files part is a run of empty
// lines is refused without a file record made per line (a 256 MiB one,
// safefile's cap, took tens of gigabytes): a damaged one, whose sum
// fails, with next to nothing; a forged one, whose sum holds (a checksum
// is no secret), with no more than a snapshot of that size holding the
// most files it can.
func TestNewlinesAreNoFiles(t *testing.T) {
	root := t.TempDir()
	empty := strings.Repeat("\n", 4<<20)
	forged := sealed("s1", empty, "{}", "")
	torn := forged[:len(forged)-3*sumLine/2]
	badSum := []byte(strings.Replace(string(forged), "\nsum\t", "\nsum\t0", 1))
	for _, c := range []struct {
		name string
		data []byte
		most uint64
	}{
		{"forged", forged, bound(len(forged))},
		{"torn", torn, 1 << 20},
		{"bad sum", badSum, 1 << 20},
	} {
		plantSnapshot(t, root, c.data)
		alloc := allocated(func() {
			if s := Load(root); s != nil {
				t.Errorf("%s: %d empty lines read as a snapshot", c.name, len(empty))
			}
		})
		if alloc > c.most {
			t.Errorf("%s: %d bytes allocated to refuse %d bytes, more than %d", c.name, alloc, len(c.data), c.most)
		}
	}
}

// bound is the most a load of a snapshot of n bytes may allocate: twice
// its bytes, a File for each shortest file line it could hold, and a
// megabyte for buffers.
func bound(n int) uint64 {
	shortest := len("f\t0\t0\t\t\t\t\n")
	return uint64(2*n + n/shortest*int(unsafe.Sizeof(File{})) + 1<<20)
}

// allocated is how many bytes of heap f allocated.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestSmallSnapshotLoadsSmall: a small project's snapshot is loaded in
// memory in proportion to it, not in a read buffer and an arena block
// sized for a hundred thousand files. (Each fuzzed input paid for both,
// twice, and the fuzzer spent its time collecting them.)
func TestSmallSnapshotLoadsSmall(t *testing.T) {
	data := realSnapshots(t)[0]
	root := t.TempDir()
	plantSnapshot(t, root, data)
	Load(root) // what is made once, on first use
	alloc := allocated(func() {
		if Load(root) == nil {
			t.Fatal("not read")
		}
	})
	if most := 8*uint64(len(data)) + 16<<10; alloc > most {
		t.Errorf("%d bytes allocated to load %d, more than %d", alloc, len(data), most)
	}
}

package snapshot

import (
	"fmt"
	"hash/crc32"
	"testing"

	"github.com/reel-dev/reel/internal/fuzzfs"
)

// sealed is a snapshot file whose lengths and checksums hold: files and
// actions are the lines of the two parts (each ending with a newline, or
// empty), head the head line's text, and each patch a patch's lines,
// sealed by its sum line. A checksum is no secret (it guards against a
// torn write, not a hostile copy), so this is what a forger can write.
func sealed(stamp, files, head, actions string, patches ...string) []byte {
	header := func(n int) string {
		return fmt.Sprintf("%s\t%s\t%d\t%0*d\t%0*d\n", magic, stamp, 5, lengthDigits, n, lengthDigits, len(actions)+sumLine)
	}
	body := files + "head\t" + head + "\n"
	part := header(len(header(0)) + len(body) + sumLine)
	part += body
	crc := crc32.Checksum([]byte(part), castagnoli())
	out := fmt.Appendf(nil, "%ssum\t%08x\n", part, crc)
	actSum := fmt.Sprintf("sum\t%08x\n", crc32.Checksum([]byte(actions), castagnoli()))
	out = append(append(out, actions...), actSum...)
	// a patch's sum goes on from the files part and the actions' sum line
	crc = crc32.Update(crc32.Checksum(out[:len(part)+sumLine], castagnoli()), castagnoli(), []byte(actSum))
	for _, p := range patches {
		crc = crc32.Update(crc, castagnoli(), []byte(p))
		sum := fmt.Sprintf("sum\t%08x\n", crc)
		out = append(append(out, p...), sum...)
		crc = crc32.Update(crc, castagnoli(), []byte(sum))
	}
	return out
}

// plantSnapshot writes data as root's snapshot.
func plantSnapshot(t testing.TB, root string, data []byte) { fuzzfs.Plant(t, Path(root), data) }

// TestSealedIsASnapshot: what sealed writes is read as reel reads its
// own, patches applied; else the tests built on it prove nothing.
func TestSealedIsASnapshot(t *testing.T) {
	root := t.TempDir()
	f := "f\t3\t7\tx\t-\t-\t" + root + "/a.yaml\n"
	acts := "a\tv1\tok\t-\t0\t0\t{}\na\tv2\tok\t-\t0\t0\t{}\n"
	patch := "patch\t9\n" + "a\tv3\tnew\t-\t0\t0\t{}\n" + "-\tv1\n" + "head\t{\"n\":2}\n"
	plantSnapshot(t, root, sealed("s1", f, "{}", acts, patch))
	s := Load(root)
	if s == nil {
		t.Fatal("a sealed snapshot was not read")
	}
	if s.Stamp != "s1" || s.Written != 9 || string(s.Head) != `{"n":2}` || len(s.Files) != 1 || s.Files[0].Size != 3 {
		t.Fatalf("read as %+v", s)
	}
	as, err := s.Actions()
	if err != nil || as.Len() != 2 || as.ID(0) != "v2" || as.ID(1) != "v3" {
		t.Fatalf("actions %v, %v", as.lines, err)
	}
}

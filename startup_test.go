package main

import (
	"bufio"
	"bytes"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// initAllocs and initBytes are the most one of reel's packages' init may
// allocate: a small table, not a compile of schemas, templates or
// regexps that only some command uses (internal/lazyregexp compiles a
// pattern on its first use, sync.OnceValue makes anything else then).
const (
	initAllocs = 250
	initBytes  = 24 << 10
)

// initTotal is the most all inits together may allocate. Other modules'
// inits cannot be made lazy from here: aws-sdk-go-v2's, linked for the
// shared store, build their endpoint and schema tables in every run, and
// are held only to this total.
const initTotal = 1536 << 10

// TestStartupInitsAreSmall: every run of reel pays every linked package's
// init, so none may do real work there. GODEBUG=inittrace=1 lists each
// init with its allocations; reel version, which needs none of them, must
// find each of reel's own under initAllocs and initBytes, and all of them
// under initTotal. The JSON Schema library's
// upstream init compiled every draft's metaschema (21,000 allocations) in
// every run, a no-op plan's included, and go-cmp's compiled two regexps
// (178 KB) for reel plan --diff, and reel's manifest package two of its
// own (45 KB); the review page's template and the lock's CRC table were
// made at start (337 and 577 allocations, the latter in hash/crc32).
func TestStartupInitsAreSmall(t *testing.T) {
	bin := buildReel(t)
	cmd := exec.Command(bin, "version")
	cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("reel version: %v\n%s", err, stderr.String())
	}
	inits, total := 0, 0
	sc := bufio.NewScanner(&stderr)
	for sc.Scan() {
		// init PKG @0.1 ms, 0.2 ms clock, 1234 bytes, 56 allocs
		f := strings.Fields(sc.Text())
		if len(f) < 10 || f[0] != "init" || f[len(f)-1] != "allocs" {
			continue
		}
		inits++
		if n, err := strconv.Atoi(f[len(f)-4]); err == nil {
			total += n
		}
		if !strings.HasPrefix(f[1], "github.com/reel-dev/reel") {
			continue // another module's init: counted in the total only
		}
		if n, err := strconv.Atoi(f[len(f)-2]); err != nil || n > initAllocs {
			t.Errorf("%s's init makes %s allocations in every run of reel; want at most %d: make it lazy", f[1], f[len(f)-2], initAllocs)
		}
		if n, err := strconv.Atoi(f[len(f)-4]); err != nil || n > initBytes {
			t.Errorf("%s's init allocates %s bytes in every run of reel; want at most %d: make it lazy", f[1], f[len(f)-4], initBytes)
		}
	}
	if total > initTotal {
		t.Errorf("the inits of reel version allocate %d bytes in all; want at most %d: find the package that grew", total, initTotal)
	}
	if inits == 0 {
		t.Fatalf("no init traced:\n%s", stderr.String())
	}
}

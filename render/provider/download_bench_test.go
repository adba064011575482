package provider

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Issue target: a 1 GiB media download has a peak RSS of at most 64 MB,
// constant in the file's size.
const peakTargetMB = 64

// benchSizes are the sizes BenchmarkDownload1GiB downloads: the small one
// is there so that "constant in the file's size" shows next to the large.
var benchSizes = []struct {
	name string
	size int64
}{
	{"size=64MiB", 64 << 20},
	{"size=1GiB", 1 << 30},
}

// Environment of BenchmarkDownload1GiB: benchFreshEnv=1 runs every size in
// a fresh process even where the peak RSS can be reset in place;
// benchChildEnv marks such a process.
const (
	benchFreshEnv = "REEL_BENCH_FRESH"
	benchChildEnv = "REEL_BENCH_CHILD"
)

// BenchmarkDownload1GiB downloads a generated MP4 from a loopback server
// with Download and the default media Doer, the way package render's fetch
// does: into a temporary file, hashed and its head kept as it streams,
// synced, closed and renamed. It reports
//
//   - peak-RSS-MB: the process's peak resident set (VmHWM) while
//     downloading, in MB of 10^6 bytes, server side included. The peak is
//     reset before the downloads by writing 5 to /proc/self/clear_refs;
//     where that is refused, every size runs in a fresh process instead
//     and the figure is that process's lifetime peak.
//   - base-RSS-MB: the resident set just before the downloads, so what the
//     download itself adds is peak minus base.
//   - MB/s: bytes downloaded per second of download, fsync included.
//
// It fails if the peak is over the 64 MB target.
//
//	go test -run '^$' -bench Download1GiB -benchtime 1x ./render/provider/
func BenchmarkDownload1GiB(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) { benchDownload(b, s.name, s.size) })
	}
}

func benchDownload(b *testing.B, name string, size int64) {
	if runtime.GOOS != "linux" {
		b.Skipf("the peak RSS is read from /proc/self/status (VmHWM), which %s does not have", runtime.GOOS)
	}
	if _, err := procStatus(); err != nil {
		b.Fatalf("cannot read the peak RSS on Linux: %v", err)
	}
	child := os.Getenv(benchChildEnv) == "1"
	reset := resetPeakRSS()
	switch {
	case child:
	case !reset:
		benchInFreshProcess(b, name, "writing 5 to /proc/self/clear_refs does not reset VmHWM here")
		return
	case os.Getenv(benchFreshEnv) == "1":
		benchInFreshProcess(b, name, benchFreshEnv+"=1")
		return
	}

	want := benchSum(size)
	srv := serveMedia(size)
	defer srv.Close()
	url := srv.URL + "/v.mp4?Expires=1&Signature=sekrit"
	dir := b.TempDir()

	runtime.GC()
	debug.FreeOSMemory()
	if reset {
		resetPeakRSS()
	}
	st, err := procStatus()
	if err != nil {
		b.Fatal(err)
	}
	base := st["VmRSS"]

	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		path, sum, err := benchFetch(url, dir, size)
		b.StopTimer()
		if err != nil {
			b.Fatal(err)
		}
		if sum != want {
			b.Fatalf("downloaded sha256 %s, want %s", sum, want)
		}
		if fi, err := os.Stat(path); err != nil || fi.Size() != size {
			b.Fatalf("output: %v, err %v; want %d bytes", fi, err, size)
		}
		os.Remove(path)
		b.StartTimer()
	}
	b.StopTimer()

	st, err = procStatus()
	if err != nil {
		b.Fatal(err)
	}
	peak := st["VmHWM"]
	b.ReportMetric(peak, "peak-RSS-MB")
	b.ReportMetric(base, "base-RSS-MB")
	b.ReportMetric(float64(size)*float64(b.N)/1e6/b.Elapsed().Seconds(), "MB/s")
	how := "VmHWM reset through /proc/self/clear_refs"
	if !reset {
		how = "VmHWM of a fresh process that ran this size only"
	}
	b.Logf("%s: peak RSS %.1f MB, %.1f MB before the download (%s)", name, peak, base, how)
	if peak > peakTargetMB {
		b.Errorf("peak RSS %.1f MB is over the %d MB target", peak, peakTargetMB)
	}
}

// benchFetch is package render's fetch as far as memory goes: Download into
// a temporary file, a sha256 and the first 64 bytes at once; then the
// header check, sync, close and rename. It returns the output's path and
// sha256.
func benchFetch(url, dir string, size int64) (string, string, error) {
	tmp, err := os.CreateTemp(dir, ".reel-download-*")
	if err != nil {
		return "", "", err
	}
	defer os.Remove(tmp.Name())
	h := sha256.New()
	head := &limitedBuffer{max: 64}
	n, err := Download(context.Background(), nil, url, io.MultiWriter(tmp, h, head))
	if err == nil && (n != size || len(head.Bytes()) < 8 || string(head.Bytes()[4:8]) != "ftyp") {
		err = fmt.Errorf("got %d bytes starting %q, want an MP4 of %d", n, head.Bytes(), size)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", "", err
	}
	out := filepath.Join(dir, "v.mp4")
	if err := os.Rename(tmp.Name(), out); err != nil {
		return "", "", err
	}
	return out, hex.EncodeToString(h.Sum(nil)), nil
}

// limitedBuffer keeps the first max bytes written to it, like render's
// headBuffer.
type limitedBuffer struct {
	bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	if room := l.max - l.Len(); room > 0 {
		l.Buffer.Write(p[:min(room, len(p))])
	}
	return len(p), nil
}

var benchSums sync.Map // size → sha256 of newMediaBody(size)

// benchSum is mediaSum, computed once per size and process.
func benchSum(size int64) string {
	if s, ok := benchSums.Load(size); ok {
		return s.(string)
	}
	s := mediaSum(size)
	benchSums.Store(size, s)
	return s
}

// procStatus reads the memory lines of /proc/self/status, in MB.
func procStatus() (map[string]float64, error) {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return nil, err
	}
	defer f.Close()
	out := map[string]float64{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if !ok || !strings.HasPrefix(k, "Vm") {
			continue
		}
		num, unit, _ := strings.Cut(strings.TrimSpace(v), " ")
		kb, err := strconv.ParseFloat(num, 64)
		if err != nil || unit != "kB" {
			return nil, fmt.Errorf("/proc/self/status: %q is not a size in kB", sc.Text())
		}
		out[k] = kb * 1024 / 1e6
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if _, ok := out["VmHWM"]; !ok {
		return nil, fmt.Errorf("/proc/self/status has no VmHWM line")
	}
	return out, nil
}

// resetPeakRSS sets VmHWM back to the current RSS (Linux 4.0 and later),
// and reports whether it did.
func resetPeakRSS() bool {
	if err := os.WriteFile("/proc/self/clear_refs", []byte("5"), 0); err != nil {
		return false
	}
	st, err := procStatus()
	return err == nil && st["VmHWM"] <= st["VmRSS"]+1
}

// benchInFreshProcess runs the sub-benchmark name, b.N iterations, in a new
// process of this test binary, so that its VmHWM is the peak of that
// download alone, and reports that run's figures as its own.
func benchInFreshProcess(b *testing.B, name, why string) {
	b.StopTimer()
	b.ReportAllocs() // the child's B/op and allocs/op replace this process's
	b.Logf("%s: running in a fresh process (%s)", name, why)
	pattern := "^" + strings.Split(b.Name(), "/")[0] + "$/^" + regexp.QuoteMeta(name) + "$"
	cmd := exec.Command(os.Args[0], "-test.run=^$", "-test.bench="+pattern,
		"-test.benchtime="+strconv.Itoa(b.N)+"x", "-test.benchmem", "-test.v")
	cmd.Env = append(os.Environ(), benchChildEnv+"=1")
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		b.Fatalf("%s in a fresh process: %v\n%s", name, err, out)
	}
	line := benchLine(out, name)
	if line == nil {
		b.Fatalf("%s in a fresh process printed no result:\n%s", name, out)
	}
	for i := 2; i+1 < len(line); i += 2 {
		v, err := strconv.ParseFloat(line[i], 64)
		if err != nil {
			b.Fatalf("%s in a fresh process: bad result %q", name, strings.Join(line, " "))
		}
		b.ReportMetric(v, line[i+1])
	}
	for _, l := range strings.Split(string(out), "\n") {
		if _, msg, ok := strings.Cut(l, ": "+name+": peak RSS"); ok {
			b.Log("fresh process: peak RSS" + msg)
		}
	}
}

// benchLine finds the result line of sub-benchmark name in go test output,
// split into fields: name, iterations, then value and unit pairs.
func benchLine(out []byte, name string) []string {
	for _, l := range strings.Split(string(out), "\n") {
		f := strings.Fields(l)
		if len(f) >= 4 && strings.HasPrefix(f[0], "Benchmark") && strings.Contains(f[0], "/"+name) {
			return f
		}
	}
	return nil
}

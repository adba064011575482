// Package snapshot makes a no-op `reel plan` as cheap as ninja's: it
// records the size and mtime of every input a plan was made from (reel.yaml,
// reel.lock, the manifest folders, the manifests, their assets, the
// outputs) and the plan itself. When every one of them stats the same, the
// plan is the same — it is a pure function of those files — and is read
// back instead of loading, validating and hashing ten thousand files.
//
// Like git's index it guards against "racy" files: one modified within a
// second of the snapshot might change again without its mtime moving, so
// such a snapshot is never trusted.
package snapshot

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash/crc32"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"time"
)

// File is one input as it was when the plan was made.
type File struct {
	Path  string // absolute
	Size  int64  // -1: did not exist
	Mtime int64  // unix nanoseconds
	Dir   bool
	// SHA256 is the content's Sum: for outputs, so a rerun that finds the
	// output unchanged by stat need not hash it again; for every input, so
	// a file touched but not changed is told from an edited one.
	SHA256 string
}

// Snapshot is the inputs of one plan and the plan, encoded by the caller.
type Snapshot struct {
	Stamp   string // what else the plan depended on: reel's version, flags
	Written int64  // unix nanoseconds
	Files   []File
	Head    []byte // the plan's summary, read on every no-op
	Plan    []byte // the whole plan, read only when it must be listed
}

// racyWindow: files modified this close to the snapshot are not trusted.
const racyWindow = time.Second

// Path is where a project's snapshot lives. .reel/cache/ is reel's own and
// is never committed.
func Path(root string) string { return filepath.Join(root, ".reel", "cache", "snapshot") }

// Stat records a file's current state (Size -1 if it does not exist).
func Stat(path string) (File, error) {
	st, err := os.Stat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return File{Path: path, Size: -1}, nil
	}
	if err != nil {
		return File{}, err
	}
	f := File{Path: path, Size: st.Size(), Mtime: st.ModTime().UnixNano(), Dir: st.IsDir()}
	if f.Dir {
		f.Size = 0
	}
	return f, nil
}

// Fresh reports whether every recorded file still stats the same, and none
// was racy: Written is when the plan began to read its inputs, so a file
// modified while (or just before) they were read is never trusted. It stats in parallel: a no-op is
// bound by the system calls.
func (s *Snapshot) Fresh(stamp string) bool { return s.Stale(stamp) == "" }

// Stale says why the snapshot cannot stand for the project now ("" when it
// can), for REEL_DEBUG=snapshot.
func (s *Snapshot) Stale(stamp string) string {
	switch {
	case s == nil:
		return "no snapshot"
	case s.Stamp != stamp:
		return "another build of reel or other flags"
	}
	for _, f := range s.Files {
		if f.Size >= 0 && !s.Trusted(f) {
			return "modified just before the last plan: " + f.Path
		}
	}
	workers := runtime.GOMAXPROCS(0) * 4 // stats block in the kernel: more workers than cores hide it
	var stale sync.Once
	why := ""
	var wg sync.WaitGroup
	chunk := (len(s.Files) + workers - 1) / workers
	for start := 0; start < len(s.Files); start += chunk {
		part := s.Files[start:min(start+chunk, len(s.Files))]
		wg.Add(1)
		go func() {
			defer wg.Done()
			for _, f := range part {
				now, err := Stat(f.Path)
				if err != nil || now.Size != f.Size || now.Mtime != f.Mtime || now.Dir != f.Dir {
					stale.Do(func() { why = "changed: " + f.Path })
					return
				}
			}
		}()
	}
	wg.Wait()
	return why
}

// Outputs returns the recorded outputs by path, for reuse of their hashes.
func (s *Snapshot) Outputs() map[string]File {
	out := map[string]File{}
	if s == nil {
		return out
	}
	for _, f := range s.Files {
		if f.SHA256 != "" {
			out[f.Path] = f
		}
	}
	return out
}

// Trusted reports whether a recorded file's hash can stand for the file's
// content when it still stats as recorded: it was not racy when recorded.
func (s *Snapshot) Trusted(f File) bool { return s != nil && s.Written-f.Mtime >= int64(racyWindow) }

const magic = "reel-snapshot 1"

// castagnoli guards against a snapshot edited or cut short by hand (the
// rename that writes it is atomic); it is a cache, not a security boundary.
var castagnoli = crc32.MakeTable(crc32.Castagnoli)

// Load reads a snapshot; a missing or unreadable one is nil, never an
// error: it is only a cache.
func Load(root string) *Snapshot {
	data, err := os.ReadFile(Path(root))
	if err != nil {
		return nil
	}
	s, err := decode(data)
	if err != nil {
		return nil
	}
	return s
}

// Save writes the snapshot atomically (temp file and rename).
func Save(root string, s *Snapshot) error {
	path := Path(root)
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), ".snapshot-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriterSize(tmp, 1<<16)
	encode(w, s)
	if err := w.Flush(); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// The encoding is a line each: the header, then one line per file
// ("f SIZE MTIME DIR SHA PATH", SHA "-" when none), then the plan, with a
// checksum of everything before it, so a torn or edited file is ignored.
func encode(w *bufio.Writer, s *Snapshot) {
	h := crc32.New(castagnoli)
	line := func(format string, args ...any) {
		l := fmt.Sprintf(format, args...)
		h.Write([]byte(l))
		w.WriteString(l)
	}
	line("%s\t%s\t%d\n", magic, s.Stamp, s.Written)
	for _, f := range s.Files {
		if strings.ContainsAny(f.Path, "\t\n") {
			// Such a path cannot be written in this format: a snapshot
			// without its checksum line is never trusted.
			return
		}
		sha := f.SHA256
		if sha == "" {
			sha = "-"
		}
		line("f\t%d\t%d\t%t\t%s\t%s\n", f.Size, f.Mtime, f.Dir, sha, f.Path)
	}
	line("head\t%s\n", s.Head)
	line("plan\t%s\n", s.Plan)
	fmt.Fprintf(w, "sum\t%08x\n", h.Sum32())
}

func decode(data []byte) (*Snapshot, error) {
	end := bytes.LastIndex(data, []byte("\nsum\t"))
	if end < 0 {
		return nil, errors.New("no checksum")
	}
	body, sum := data[:end+1], strings.TrimSpace(string(data[end+5:]))
	if fmt.Sprintf("%08x", crc32.Checksum(body, castagnoli)) != sum {
		return nil, errors.New("checksum mismatch")
	}
	s := &Snapshot{}
	for len(body) > 0 {
		i := bytes.IndexByte(body, '\n')
		line := string(body[:i])
		body = body[i+1:]
		switch {
		case strings.HasPrefix(line, magic+"\t"):
			parts := strings.Split(line, "\t")
			if len(parts) != 3 {
				return nil, errors.New("bad header")
			}
			s.Stamp = parts[1]
			s.Written, _ = strconv.ParseInt(parts[2], 10, 64)
		case strings.HasPrefix(line, "f\t"):
			parts := strings.SplitN(line, "\t", 6)
			if len(parts) != 6 {
				return nil, errors.New("bad file line")
			}
			f := File{Path: parts[5], Dir: parts[3] == "true"}
			f.Size, _ = strconv.ParseInt(parts[1], 10, 64)
			f.Mtime, _ = strconv.ParseInt(parts[2], 10, 64)
			if parts[4] != "-" {
				f.SHA256 = parts[4]
			}
			s.Files = append(s.Files, f)
		case strings.HasPrefix(line, "head\t"):
			s.Head = []byte(line[5:])
		case strings.HasPrefix(line, "plan\t"):
			s.Plan = []byte(line[5:])
		default:
			return nil, errors.New("unknown line")
		}
	}
	if s.Stamp == "" {
		return nil, errors.New("no header")
	}
	return s, nil
}

// Sum is how a snapshot fingerprints content: the hex SHA-256 of a file's
// bytes, or of a folder's sorted entry names.
func Sum(path string, dir bool) (string, error) {
	h := sha256.New()
	if dir {
		names, err := os.ReadDir(path)
		if err != nil {
			return "", err
		}
		for _, n := range names { // ReadDir sorts by name
			h.Write([]byte(n.Name() + "\n"))
		}
	} else if err := readInto(h, path); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Revalidate is Stale for a tree whose files were rewritten with the same
// content (a git checkout of the same commit): files whose mtime moved but
// whose size and content did not are taken as unchanged, and the snapshot
// is updated with their new mtimes. It returns why the snapshot is stale
// ("" when it stands), and whether it was updated (the caller saves it).
func (s *Snapshot) Revalidate(stamp string) (string, bool) {
	why := s.Stale(stamp)
	if why == "" || !strings.HasPrefix(why, "changed: ") {
		return why, false
	}
	start := time.Now().UnixNano()
	mtimes := make([]int64, len(s.Files))
	var failed sync.Once
	why = ""
	var wg sync.WaitGroup
	next := make(chan int)
	for range runtime.GOMAXPROCS(0) * 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				if m, ok := s.confirm(s.Files[i], start); ok {
					mtimes[i] = m
				} else {
					failed.Do(func() { why = "changed: " + s.Files[i].Path })
				}
			}
		}()
	}
	for i := range s.Files {
		next <- i
	}
	close(next)
	wg.Wait()
	if why != "" {
		return why, false
	}
	for i, m := range mtimes {
		s.Files[i].Mtime = m
	}
	s.Written = start
	return "", true
}

// confirm returns a file's mtime now if its content is what was recorded:
// unchanged by stat, or the same size and content under a new mtime that
// is not too recent to trust.
func (s *Snapshot) confirm(f File, start int64) (int64, bool) {
	now, err := Stat(f.Path)
	switch {
	case err != nil || now.Size != f.Size || now.Dir != f.Dir:
		return 0, false
	case now.Mtime == f.Mtime:
		return f.Mtime, true
	case f.SHA256 == "" || start-now.Mtime < int64(racyWindow):
		return 0, false
	}
	sum, err := Sum(f.Path, f.Dir)
	return now.Mtime, err == nil && sum == f.SHA256
}

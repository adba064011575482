package snapshot

import (
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"maps"
	"os"
	"slices"
	"strconv"
	"strings"
	"unsafe"
)

// A snapshot is rewritten whole by a full plan, and patched by a plan that
// re-planned a few manifests: the lines that changed are appended after
// the base, so an edit costs what it changed, not the project's size.
//
//	patch WRITTEN
//	f ...      a file's new line (by path)
//	a ...      an action's new line (by id)
//	- ID       an action removed
//	head ...
//	sum CRC    of every byte of the file before this line
//
// A patch is appended with one write and no rename: a torn one fails its
// checksum and is ignored with all that follows, leaving the state the last
// whole patch described. Past a quarter of the base, the next save
// rewrites the file.

// origin is what a snapshot was read from.
type origin struct {
	file  os.FileInfo // the file as read
	size  int64       // of the whole patches it held
	crc   uint32      // of those bytes
	base  int64       // bytes of the base
	lines []string    // the action lines as read, patches applied; nil: not split
}

// patched is what patches said of the actions, applied when they are
// split: each id's new line, or "" for one removed.
type patched map[string]string

// applyPatches reads the patches after the base, returning how many bytes
// of data they took.
func (s *Snapshot) applyPatches(data []byte, at int) int {
	crc, start := s.from.crc, at
	files := map[string]File{}
	acts := patched{}
	for at < len(data) {
		end := bytes.Index(data[at:], []byte("\nsum\t"))
		if end < 0 {
			break
		}
		body := data[at : at+end+1]
		nl := bytes.IndexByte(data[at+end+1:], '\n')
		want := crc32.Update(crc, castagnoli(), body)
		if nl < 0 || string(data[at+end+5:at+end+1+nl]) != fmt.Sprintf("%08x", want) {
			break
		}
		head, written, ok := readPatch(unsafe.String(unsafe.SliceData(body), len(body)), files, acts)
		if !ok {
			break
		}
		s.Head, s.Written = head, written
		crc = crc32.Update(want, castagnoli(), data[at+end+1:at+end+1+nl+1])
		at += end + 1 + nl + 1
		s.from.crc = crc
	}
	for _, f := range files {
		s.Put(f)
	}
	if len(acts) > 0 {
		s.actionPatch = acts
	}
	return at - start
}

// readPatch reads one patch's lines into files and acts, which are only
// kept once its checksum held (the caller checked it before).
func readPatch(text string, files map[string]File, acts patched) (head []byte, written int64, ok bool) {
	for len(text) > 0 {
		line, rest, _ := strings.Cut(text, "\n")
		text = rest
		switch {
		case strings.HasPrefix(line, "patch\t"):
			w, err := strconv.ParseInt(line[6:], 10, 64)
			if err != nil {
				return nil, 0, false
			}
			written = w
		case strings.HasPrefix(line, "f\t"):
			var tmp Snapshot
			if tmp.fileLine(line) != nil {
				return nil, 0, false
			}
			files[tmp.Files[0].Path] = tmp.Files[0]
		case strings.HasPrefix(line, "a\t"):
			a, err := actionLine(line)
			if err != nil {
				return nil, 0, false
			}
			acts[a.ID] = line
		case strings.HasPrefix(line, "-\t"):
			acts[line[2:]] = ""
		case strings.HasPrefix(line, "head\t"):
			head = []byte(line[5:])
		default:
			return nil, 0, false
		}
	}
	return head, written, head != nil && written != 0
}

// patchedActions applies the patches' actions to the lines of the base:
// each patched id's line is found by binary search, then spliced.
func (s *Snapshot) patchedActions(base []string) []string {
	if s.actionPatch == nil {
		return base
	}
	var remove []int
	var add []string
	for _, id := range slices.Sorted(maps.Keys(s.actionPatch)) {
		if i := (Actions{base}).Search(id); i < len(base) && field(base[i], 1) == id {
			remove = append(remove, i) // replaced or removed
		}
		if line := s.actionPatch[id]; line != "" {
			add = append(add, line)
		}
	}
	s.actionPatch = nil
	return spliced(base, remove, add)
}

// errRewrite says a patch will not do: the file must be written whole.
var errRewrite = errors.New("rewrite")

// appendPatch appends what changed since the snapshot was read, if the
// file is still the one it was read from and the patches stay small.
func appendPatch(path string, s *Snapshot) error {
	o := s.from
	st, err := os.Stat(path)
	if o == nil || o.file == nil || err != nil || !os.SameFile(st, o.file) || st.Size() != o.size || st.ModTime() != o.file.ModTime() {
		return errRewrite // another reel wrote it since, or a patch was torn
	}
	room := o.base/4 - (o.size - o.base)
	changed, ok := s.changedFiles(room)
	if !ok {
		return errRewrite // decided before building it: a checkout touches every file
	}
	body, err := s.patchBody(changed)
	if err != nil || int64(len(body)) > room {
		return errRewrite
	}
	crc := crc32.Update(o.crc, castagnoli(), body)
	sum := fmt.Appendf(nil, "sum\t%08x\n", crc)
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_APPEND, 0)
	if err != nil {
		return errRewrite
	}
	_, werr := f.Write(append(body, sum...))
	cerr := f.Close()
	if werr != nil || cerr != nil {
		return errRewrite // the torn patch is ignored; the rewrite replaces the file
	}
	o.file = nil // a second save in this process rewrites the file
	return nil
}

// changedFiles returns the indices of the files changed since the
// snapshot was read, or ok false as soon as their lines would take more
// than room bytes. Only each file's asRead is looked at: ten thousand
// files copied whole, twice, were most of a save.
func (s *Snapshot) changedFiles(room int64) (changed []int, ok bool) {
	var n int64
	for i := range s.Files {
		if s.Files[i].asRead {
			continue
		}
		if n += int64(fileLineAtLeast(s.Files[i])); n > room {
			return nil, false
		}
		changed = append(changed, i)
	}
	return changed, true
}

// fileLineAtLeast is a lower bound on the length of f's line: every
// number takes at least a digit, the flags at least a byte.
func fileLineAtLeast(f File) int {
	return len("f\t0\t0\t-\t\t\t\n") + len(orDash(f.SHA256)) + len(orDash(f.Blob)) + len(f.Path)
}

// patchBody is the lines that changed since the snapshot was read: the
// changed files' and the actions'.
func (s *Snapshot) patchBody(changed []int) ([]byte, error) {
	buf := fmt.Appendf(nil, "patch\t%d\n", s.Written)
	var err error
	for _, i := range changed {
		if buf, err = appendFile(buf, s.Files[i]); err != nil {
			return nil, err
		}
	}
	if s.from.lines != nil { // the actions were split: some may have changed
		buf = appendActionChanges(buf, s.from.lines, s.actions)
	}
	return append(append(append(buf, "head\t"...), s.Head...), '\n'), nil
}

// appendActionChanges appends the lines of now that are not in was, and
// "-\tID" for each id of was that now lacks. Both are sorted by id; a line
// left alone is the very string that was read, so most are passed over
// without reading them.
func appendActionChanges(buf []byte, was, now []string) []byte {
	for len(was) > 0 || len(now) > 0 {
		if len(was) > 0 && len(now) > 0 && sameLine(was[0], now[0]) {
			was, now = was[1:], now[1:]
			continue
		}
		c := -1 // only was is left: removed
		switch {
		case len(was) == 0:
			c = 1 // only now is left: added
		case len(now) > 0:
			c = strings.Compare(field(was[0], 1), field(now[0], 1))
		}
		switch {
		case c < 0:
			buf = append(append(append(buf, "-\t"...), field(was[0], 1)...), '\n')
			was = was[1:]
		case c > 0:
			buf = append(append(buf, now[0]...), '\n')
			now = now[1:]
		default: // same id, another line
			if was[0] != now[0] {
				buf = append(append(buf, now[0]...), '\n')
			}
			was, now = was[1:], now[1:]
		}
	}
	return buf
}

package planner

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"hash/crc32"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/snapshot"
)

// The rows cache keeps, for each manifest with rows or locales, the hash
// of each of its rows and the files it read, beside the snapshot: when a
// data file changes, a plan from the snapshot re-plans the rows whose
// hash changed (and the rows added or removed), not every row of the file.
// An entry stands for the plan the snapshot holds only while the
// manifest's and the data file's hashes are those the snapshot records
// (stale, it is not used, and the plan is made in full).

// rowsPath is where a project's rows cache lives, beside the snapshot.
func rowsPath(root string) string { return filepath.Join(filepath.Dir(snapshot.Path(root)), "rows") }

const rowsMagic = "reel-rows 1"

// rowsEntry is one manifest's part of the rows cache.
type rowsEntry struct {
	manifest, manifestSum string
	data, dataSum         string            // "" without rows
	inputs                []string          // the data and translation files
	rows                  map[string]string // each row's key by its hash
}

// rowsCache is the rows cache, by manifest path.
type rowsCache map[string]*rowsEntry

// entryOf is the cache entry of what a manifest with rows or locales read
// (sum is the manifest's hash).
func entryOf(t *manifest.TemplateRead, sum string) *rowsEntry {
	e := &rowsEntry{manifest: t.Manifest, manifestSum: sum, data: t.Data, rows: t.Rows}
	for _, in := range t.Inputs {
		e.inputs = append(e.inputs, in.Path)
		if in.Path == t.Data {
			e.dataSum = in.SHA256
		}
	}
	return e
}

// stands reports whether the entry describes what the snapshot s's plan
// was made from.
func (e *rowsEntry) stands(s *snapshot.Snapshot) bool {
	m, ok := s.Lookup(e.manifest)
	if !ok || m.SHA256 != e.manifestSum {
		return false
	}
	if e.data == "" {
		return true
	}
	d, ok := s.Lookup(e.data)
	return ok && d.SHA256 == e.dataSum
}

// users are the entries standing for s that read the file at path.
func (c rowsCache) users(path string, s *snapshot.Snapshot) []*rowsEntry {
	var out []*rowsEntry
	for _, e := range c {
		for _, in := range e.inputs {
			if in == path && e.stands(s) {
				out = append(out, e)
				break
			}
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].manifest < out[j].manifest })
	return out
}

// loadRows reads the rows cache; a missing or damaged one is empty.
func loadRows(root string) rowsCache {
	b, err := safefile.Read(rowsPath(root), safefile.Cache)
	if err != nil {
		return rowsCache{}
	}
	c, err := decodeRows(b)
	if err != nil {
		return rowsCache{}
	}
	return c
}

// castagnoli is the CRC-32C table of the rows cache's sum line, made on
// first use, not at every start.
var castagnoli = sync.OnceValue(func() *crc32.Table { return crc32.MakeTable(crc32.Castagnoli) })

// decodeRows reads the cache's lines: the header; per manifest a line
// "t MANIFEST SUM DATA SUM ROWS INPUTS", its input lines "i PATH" and its
// row lines "r HASH KEY"; then a checksum of all before it.
func decodeRows(b []byte) (rowsCache, error) {
	bad := errors.New("damaged rows cache")
	end := bytes.LastIndex(b, []byte("sum\t"))
	if end < 0 || fmt.Sprintf("sum\t%08x\n", crc32.Checksum(b[:end], castagnoli())) != string(b[end:]) {
		return nil, bad
	}
	lines := strings.Split(string(b[:end]), "\n")
	if lines[0] != rowsMagic {
		return nil, bad
	}
	c := rowsCache{}
	for i := 1; i < len(lines)-1; {
		f := strings.Split(lines[i], "\t")
		if len(f) != 7 || f[0] != "t" {
			return nil, bad
		}
		nrows, err1 := strconv.Atoi(f[5])
		nin, err2 := strconv.Atoi(f[6])
		if err1 != nil || err2 != nil || nrows < 0 || nin < 0 || i+1+nin+nrows > len(lines)-1 {
			return nil, bad
		}
		e := &rowsEntry{manifest: f[1], manifestSum: f[2], data: f[3], dataSum: f[4], rows: make(map[string]string, nrows)}
		for _, l := range lines[i+1 : i+1+nin] {
			e.inputs = append(e.inputs, strings.TrimPrefix(l, "i\t"))
		}
		for _, l := range lines[i+1+nin : i+1+nin+nrows] {
			hash, key, ok := strings.Cut(strings.TrimPrefix(l, "r\t"), "\t")
			if !ok {
				return nil, bad
			}
			e.rows[hash] = key
		}
		c[e.manifest] = e
		i += 1 + nin + nrows
	}
	return c, nil
}

// saveRows writes the cache whole, by a temp file and a rename; with no
// entry it removes it. A failure costs the next edit of a data file a
// full plan, so it is not reported.
func saveRows(root string, c rowsCache) {
	path := rowsPath(root)
	if len(c) == 0 {
		os.Remove(path)
		return
	}
	var buf bytes.Buffer
	buf.WriteString(rowsMagic + "\n")
	names := make([]string, 0, len(c))
	for m := range c {
		names = append(names, m)
	}
	sort.Strings(names)
	for _, m := range names {
		if !encodeEntry(&buf, c[m]) {
			os.Remove(path)
			return
		}
	}
	fmt.Fprintf(&buf, "sum\t%08x\n", crc32.Checksum(buf.Bytes(), castagnoli()))
	tmp, err := os.CreateTemp(filepath.Dir(path), ".rows-*")
	if err != nil {
		return
	}
	defer os.Remove(tmp.Name())
	w := bufio.NewWriter(tmp)
	w.Write(buf.Bytes())
	if w.Flush() != nil || tmp.Close() != nil {
		return
	}
	os.Rename(tmp.Name(), path)
}

// encodeEntry writes one entry; false when a path or key cannot be
// written on a line of tab-separated fields.
func encodeEntry(buf *bytes.Buffer, e *rowsEntry) bool {
	fields := []string{e.manifest, e.data}
	fields = append(fields, e.inputs...)
	for _, k := range e.rows {
		fields = append(fields, k)
	}
	for _, f := range fields {
		if strings.ContainsAny(f, "\t\n") {
			return false
		}
	}
	fmt.Fprintf(buf, "t\t%s\t%s\t%s\t%s\t%d\t%d\n", e.manifest, e.manifestSum, e.data, e.dataSum, len(e.rows), len(e.inputs))
	for _, in := range e.inputs {
		buf.WriteString("i\t" + in + "\n")
	}
	for h, k := range e.rows { // in no order: a cache is read whole
		buf.WriteString("r\t")
		buf.WriteString(h)
		buf.WriteByte('\t')
		buf.WriteString(k)
		buf.WriteByte('\n')
	}
	return true
}

package data

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"slices"
	"strconv"
	"strings"
)

// recordHasher hashes a CSV file's records: each record's bytes, blank
// lines and its line break left out, after the header's, so that a row
// keeps its hash wherever it moves, and a header edited (a column
// renamed) changes every row's.
type recordHasher struct {
	header [sha256.Size]byte
	buf    []byte
}

func newRecordHasher(header []byte) *recordHasher {
	return &recordHasher{header: sha256.Sum256(trimRecord(header))}
}

func (h *recordHasher) hash(record []byte) string {
	h.buf = append(append(h.buf[:0], h.header[:]...), trimRecord(record)...)
	sum := sha256.Sum256(h.buf)
	return hex.EncodeToString(sum[:16])
}

// trimRecord is a record's bytes without the blank lines before it (which
// a CSV reader skips) and its own line break.
func trimRecord(b []byte) []byte {
	for {
		switch {
		case bytes.HasPrefix(b, []byte("\n")):
			b = b[1:]
		case bytes.HasPrefix(b, []byte("\r\n")):
			b = b[2:]
		default:
			b = bytes.TrimSuffix(b, []byte("\n"))
			return bytes.TrimSuffix(b, []byte("\r"))
		}
	}
}

// bytesHash is the hash of a JSON row: its object's bytes.
func bytesHash(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// cellsHash is the hash of a YAML row: its columns' names and values, in
// the order of the names.
func cellsHash(columns []string, r Row) string {
	order := make([]int, 0, len(r.Cells))
	for i, c := range r.Cells {
		if c.Set {
			order = append(order, i)
		}
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(columns[a], columns[b]) })
	var b []byte
	for _, i := range order {
		b = strconv.AppendInt(b, int64(len(columns[i])), 10)
		b = append(append(b, ':'), columns[i]...)
		b = strconv.AppendInt(b, int64(len(r.Cells[i].Value)), 10)
		b = append(append(b, ':'), r.Cells[i].Value...)
	}
	return bytesHash(b)
}

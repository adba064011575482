package manifest

import (
	"slices"

	"github.com/reel-dev/reel/manifest/data"
)

// quickMost is the most rows a plan reads one by one from a CSV file whose
// other rows it knows: past it, reading the whole file is as quick.
const quickMost = 256

// readChanged reads the rows of a CSV file that a plan does not know by
// their hash (known: the keys of those it knows, by hash), and no other:
// an edit of one row of ten thousand reads one. It is false, having read
// nothing, when the file is not as the plan knew it but for those rows
// and they are sound (another header, a row that does not read alone or
// whose key is missing, empty, bad or another's, too many rows read one
// by one): a read of the whole file then tells what, where a full load
// does.
func (rs *rowSet) readChanged(b []byte, key string, known map[string]string) bool {
	sc, ok := data.ScanCSV(b)
	if !ok || len(sc.Records) == 0 || len(sc.Records) > data.MaxRows {
		return false
	}
	head, errs := sc.Header()
	if rs.keyCol = slices.Index(head.Columns, key); len(errs) > 0 || rs.keyCol < 0 {
		return false
	}
	rs.columns = head.Columns
	all := make(map[string]string, len(sc.Records))
	seen := make(map[string]bool, len(sc.Records))
	var unknown []int
	for i, rec := range sc.Records {
		k, ok := known[rec.Hash]
		if !ok {
			unknown = append(unknown, i)
			continue
		}
		if seen[k] {
			return false
		}
		all[rec.Hash], seen[k] = k, true
	}
	if len(unknown) > quickMost {
		return false
	}
	for _, i := range unknown {
		t, errs := sc.Read(i)
		if len(errs) > 0 {
			return false
		}
		r := t.Rows[0]
		k := r.Get(rs.keyCol)
		if !k.Set || !isKey(k.Value) || seen[k.Value] {
			return false
		}
		seen[k.Value], all[r.Hash] = true, k.Value
		rs.rows, rs.keys = append(rs.rows, r), append(rs.keys, k.Value)
	}
	rs.all = all
	return true
}

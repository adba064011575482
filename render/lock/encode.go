package lock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"sort"
	"strings"
)

// Encode writes l in the text format described in format.go. The same
// Lock always gives the same bytes: videos are sorted by id, fields come in
// a fixed order and nothing depends on time or map order, so a no-op run
// leaves the file as it was and git sees only real changes.
//
// It refuses a lock it could not read back (an entry without key or with an
// unknown state, a negative or non-finite number, a request that is not
// JSON): writing it would damage the file for every later run.
func Encode(l *Lock) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(header)
	ids := make([]string, 0, len(l.Videos))
	for id := range l.Videos {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		if err := encodeEntry(&b, id, l.Videos[id]); err != nil {
			return nil, fmt.Errorf("%s: video %s: %w", FileName, quote(id), err)
		}
	}
	b.WriteString(footer)
	return b.Bytes(), nil
}

// encodeEntry writes one block, preceded by the blank line that separates
// it from the block above.
func encodeEntry(b *bytes.Buffer, id string, e *Entry) error {
	if err := checkEntry(id, e); err != nil {
		return err
	}
	b.WriteString("\nvideo " + quote(id) + "\n")
	str := func(name, v string) {
		if v != "" {
			b.WriteString("\t" + name + " " + quote(v) + "\n")
		}
	}
	str(fKey, e.Key)
	str(fState, string(e.State))
	str(fProvider, e.Provider)
	str(fJob, e.Job)
	str(fOutput, e.Output)
	if e.Size != 0 {
		b.WriteString("\t" + fSize + " " + formatInt(e.Size) + "\n")
	}
	str(fSHA256, e.SHA256)
	if e.Duration != 0 {
		b.WriteString("\t" + fDuration + " " + formatFloat(e.Duration) + "\n")
	}
	if e.CostUSD != 0 {
		b.WriteString("\t" + fCostUSD + " " + formatFloat(e.CostUSD) + "\n")
	}
	str(fError, e.Error)
	str(fReplace, e.Replaces)
	if len(e.Request) > 0 {
		// Compact is the identity on the canonical JSON reel produces; on
		// anything else it removes the newlines that would break the line.
		req := e.Request
		if bytes.ContainsAny(req, "\n\r") { // not reel's canonical form: make it one line
			var c bytes.Buffer
			if err := json.Compact(&c, e.Request); err != nil {
				return fmt.Errorf("request is not valid JSON: %v", err)
			}
			req = c.Bytes()
		}
		b.WriteString("\t" + fRequest + " ")
		b.Write(req)
		b.WriteString("\n")
	}
	refs := make([]string, 0, len(e.Uploads))
	for ref := range e.Uploads {
		refs = append(refs, ref)
	}
	sort.Strings(refs)
	for _, ref := range refs {
		b.WriteString("\t" + fUpload + " " + quote(ref) + " " + quote(e.Uploads[ref]) + "\n")
	}
	for _, r := range e.History {
		b.WriteString("\t" + fHistory + " " + encodeRender(r) + "\n")
	}
	return nil
}

// encodeRender writes a history record on one line: the key, then the
// non-empty attributes as name=value in a fixed order.
func encodeRender(r Render) string {
	var s strings.Builder
	s.WriteString(quote(r.Key))
	attr := func(name, v string) {
		if v != "" {
			s.WriteString(" " + name + "=" + v)
		}
	}
	attr(fProvider, maybeQuote(r.Provider))
	attr(fJob, maybeQuote(r.Job))
	attr(fOutput, maybeQuote(r.Output))
	if r.Size != 0 {
		attr(fSize, formatInt(r.Size))
	}
	attr(fSHA256, maybeQuote(r.SHA256))
	if r.Duration != 0 {
		attr(fDuration, formatFloat(r.Duration))
	}
	if r.CostUSD != 0 {
		attr(fCostUSD, formatFloat(r.CostUSD))
	}
	return s.String()
}

// maybeQuote is quote for optional values: empty stays empty, so it is
// omitted rather than written as "".
func maybeQuote(s string) string {
	if s == "" {
		return ""
	}
	return quote(s)
}

// checkEntry rejects what the decoder would reject, so a bug upstream
// surfaces as an error in the run that made it instead of a damaged file.
func checkEntry(id string, e *Entry) error {
	switch {
	case e == nil:
		return fmt.Errorf("nil entry")
	case e.ID != id:
		return fmt.Errorf("entry has id %s", quote(e.ID))
	case e.Key == "":
		return fmt.Errorf("no render key")
	case !validState(e.State):
		return fmt.Errorf("unknown state %s", quote(string(e.State)))
	}
	if err := checkNumbers(e.Size, e.Duration, e.CostUSD); err != nil {
		return err
	}
	for _, r := range e.History {
		if err := checkNumbers(r.Size, r.Duration, r.CostUSD); err != nil {
			return fmt.Errorf("history %s: %w", quote(r.Key), err)
		}
	}
	return nil
}

func checkNumbers(size int64, floats ...float64) error {
	if size < 0 {
		return fmt.Errorf("negative size %d", size)
	}
	for _, f := range floats {
		if f < 0 || math.IsNaN(f) || math.IsInf(f, 0) {
			return fmt.Errorf("duration or cost %v is not a finite non-negative number", f)
		}
	}
	return nil
}

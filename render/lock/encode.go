package lock

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/reel-dev/reel/internal/textsafe"
)

// Encode writes l in the text format described in format.go. The same
// Lock always gives the same bytes: videos are sorted by id, fields come in
// a fixed order and nothing depends on time or map order, so a no-op run
// leaves the file as it was and git sees only real changes.
//
// It refuses a lock it could not read back (an entry without key or with an
// unknown state, a negative or non-finite number): writing it would damage
// the file for every later run.
//
// Requests are not written: UpdateContext keeps them in the Store.
func Encode(l *Lock) ([]byte, error) { return encode(l, nil) }

// encode is Encode that first calls each, if not nil, on every entry,
// once, before writing any: the entries are looked up once, as the buffer
// is sized, since at ten thousand videos a pass over the map costs
// milliseconds in cache misses alone.
func encode(l *Lock, each func(*Entry) error) ([]byte, error) {
	ids := l.sorted
	if len(ids) != len(l.Videos) {
		ids = sortedIDs(l)
	}
	entries := make([]*Entry, len(ids)) // one lookup each, not one per pass
	size := len(header) + len(footer)
	for i, id := range ids {
		e, ok := l.Videos[id]
		if !ok { // Videos changed since the decode: an id went, another came
			return encode(&Lock{Videos: l.Videos, Avatars: l.Avatars, Store: l.Store, sorted: sortedIDs(l)}, each)
		}
		entries[i] = e
		size += entrySize(id, e)
	}
	for _, e := range entries {
		if each != nil && e != nil {
			if err := each(e); err != nil {
				return nil, err
			}
		}
	}
	b := make([]byte, 0, size)
	b, err := appendHead(b, l)
	if err != nil {
		return nil, err
	}
	for i, id := range ids {
		b = append(b, '\n') // the blank line before each block
		var err error
		if b, err = appendEntry(b, id, entries[i]); err != nil {
			return nil, fmt.Errorf("%s: video %s: %w", FileName, quote(id), err)
		}
	}
	return append(b, footer...), nil
}

// appendHead appends the header, and the avatar blocks of a lock that
// has any (which make it AvatarsVersion), before the videos'.
func appendHead(b []byte, l *Lock) ([]byte, error) {
	if len(l.Avatars) == 0 {
		return append(b, header...), nil
	}
	b = append(b, headerOf(AvatarsVersion)...)
	for _, id := range sortedAvatarIDs(l) {
		b = append(b, '\n')
		var err error
		if b, err = appendAvatar(b, id, l.Avatars[id]); err != nil {
			return nil, fmt.Errorf("%s: avatar %s: %w", FileName, quote(id), err)
		}
	}
	return b, nil
}

// sortedIDs is every id of l, sorted.
func sortedIDs(l *Lock) []string {
	ids := make([]string, 0, len(l.Videos))
	for id := range l.Videos {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	return ids
}

// entrySize is about the bytes appendEntry writes for e (more when values
// must be quoted), so that Encode allocates its buffer once.
func entrySize(id string, e *Entry) int {
	if e == nil {
		return 0
	}
	const line = 12 // tab, field name, space, newline
	n := len("\nvideo \n") + len(id) + line + checkLen +
		len(e.Key) + len(e.State) + len(e.Provider) + len(e.Job) + len(e.Output) + len(e.SHA256) +
		len(e.Error) + len(e.Replaces) + 13*line + 3*24
	for ref, v := range e.Uploads {
		n += line + len(ref) + 1 + len(v)
	}
	for _, r := range e.History {
		n += line + len(r.Key) + len(r.Provider) + len(r.Job) + len(r.Output) + len(r.SHA256) + 7*10 + 3*24
	}
	return n
}

// appendEntry appends one block.
func appendEntry(b []byte, id string, e *Entry) ([]byte, error) {
	if err := checkEntry(id, e); err != nil {
		return b, err
	}
	start := len(b)
	b = append(b, "video "...)
	b = appendValue(b, id)
	b = append(b, '\n')
	b = appendString(b, fState, string(e.State))
	b = appendString(b, fProvider, e.Provider)
	b = appendString(b, fJob, e.Job)
	b = appendString(b, fOutput, e.Output)
	if e.Size != 0 {
		b = appendName(b, fSize)
		b = strconv.AppendInt(b, e.Size, 10)
		b = append(b, '\n')
	}
	b = appendString(b, fSHA256, e.SHA256)
	b = appendFloat(b, fDuration, e.Duration)
	b = appendFloat(b, fCostUSD, e.CostUSD)
	b = appendString(b, fError, textsafe.OneLine(e.Error))
	b = appendString(b, fReplace, e.Replaces)
	if len(e.Uploads) > 0 {
		refs := make([]string, 0, len(e.Uploads))
		for ref := range e.Uploads {
			refs = append(refs, ref)
		}
		slices.Sort(refs)
		for _, ref := range refs {
			b = appendName(b, fUpload)
			b = appendValue(b, ref)
			b = append(b, ' ')
			b = appendValue(b, e.Uploads[ref])
			b = append(b, '\n')
		}
	}
	for _, r := range e.History {
		b = appendName(b, fHistory)
		b = appendRender(b, r)
		b = append(b, '\n')
	}
	return appendCheckAndKey(b, start, e.Key), nil
}

// appendCheckAndKey ends the block that starts at b[start:] with its check
// line and then its key line: the key comes last, for merge=union, and the
// check covers it too (see format.go). The key line is appended first, so
// that the check counts one run of bytes, then moved after the check line.
func appendCheckAndKey(b []byte, start int, key string) []byte {
	at := len(b)
	b = appendString(b, fKey, key)
	var buf [len("\tcheck \n") + checkLen]byte
	check := appendName(buf[:0], fCheck)
	check = appendCheck(check, updateCheck(0, b[start:], false))
	check = append(check, '\n')
	b = append(b, check...)                          // room for it
	copy(b[at+len(check):], b[at:len(b)-len(check)]) // the key line moves down
	copy(b[at:], check)
	return b
}

// appendName starts a field line: tab, name, space.
func appendName(b []byte, name string) []byte {
	b = append(b, '\t')
	b = append(b, name...)
	return append(b, ' ')
}

// appendValue appends v bare when it can and quoted when it must.
func appendValue(b []byte, v string) []byte {
	if needsQuote(v) {
		return strconv.AppendQuote(b, v)
	}
	return append(b, v...)
}

// appendString appends a field line for a string, unless it is empty.
func appendString(b []byte, name, v string) []byte {
	if v == "" {
		return b
	}
	b = appendName(b, name)
	b = appendValue(b, v)
	return append(b, '\n')
}

// appendFloat appends a field line for a duration or a cost, unless it
// is zero.
func appendFloat(b []byte, name string, f float64) []byte {
	if f == 0 {
		return b
	}
	b = appendName(b, name)
	b = strconv.AppendFloat(b, f, 'f', -1, 64) // formatFloat
	return append(b, '\n')
}

// appendRender appends a history record on one line: the key, then the
// non-empty attributes as name=value in a fixed order.
func appendRender(b []byte, r Render) []byte {
	b = appendValue(b, r.Key)
	attr := func(name, v string) {
		if v != "" {
			b = append(b, ' ')
			b = append(b, name...)
			b = append(b, '=')
			b = appendValue(b, v)
		}
	}
	num := func(name string) {
		b = append(b, ' ')
		b = append(b, name...)
		b = append(b, '=')
	}
	attr(fProvider, r.Provider)
	attr(fJob, r.Job)
	attr(fOutput, r.Output)
	if r.Size != 0 {
		num(fSize)
		b = strconv.AppendInt(b, r.Size, 10)
	}
	attr(fSHA256, r.SHA256)
	if r.Duration != 0 {
		num(fDuration)
		b = strconv.AppendFloat(b, r.Duration, 'f', -1, 64)
	}
	if r.CostUSD != 0 {
		num(fCostUSD)
		b = strconv.AppendFloat(b, r.CostUSD, 'f', -1, 64)
	}
	return b
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
	case !isHex(e.Key, hashLen):
		return fmt.Errorf("render key %s is not 64 lowercase hex digits", quote(e.Key))
	case e.SHA256 != "" && !isHex(e.SHA256, hashLen):
		return fmt.Errorf("sha256 %s is not 64 lowercase hex digits", quote(e.SHA256))
	case !validState(e.State):
		return fmt.Errorf("unknown state %s", quote(string(e.State)))
	case hasControl(e.ID, e.Provider, e.Job, e.Output, e.Replaces):
		return fmt.Errorf("a name holds a control character: its id, provider, job, output or replaced id")
	}
	if err := checkNumbers(e.Size, e.Duration, e.CostUSD); err != nil {
		return err
	}
	for ref, v := range e.Uploads {
		if ref == "" || v == "" {
			return fmt.Errorf("upload %s has no hash or no value", quote(ref))
		}
	}
	for _, r := range e.History {
		if err := checkRender(r); err != nil {
			return fmt.Errorf("history %s: %w", quote(r.Key), err)
		}
	}
	return nil
}

// checkRender rejects a history record the decoder would reject.
func checkRender(r Render) error {
	switch {
	case !isHex(r.Key, hashLen):
		return fmt.Errorf("render key is not 64 lowercase hex digits")
	case r.SHA256 != "" && !isHex(r.SHA256, hashLen):
		return fmt.Errorf("sha256 %s is not 64 lowercase hex digits", quote(r.SHA256))
	case hasControl(r.Provider, r.Job, r.Output):
		return fmt.Errorf("a name holds a control character: its provider, job or output")
	}
	return checkNumbers(r.Size, r.Duration, r.CostUSD)
}

// hasControl reports whether any of names holds a control character,
// which a lock's names never do (decoder.printable).
func hasControl(names ...string) bool {
	for _, n := range names {
		if strings.ContainsFunc(n, unicode.IsControl) {
			return true
		}
	}
	return false
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

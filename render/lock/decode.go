package lock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Decode reads a lock written by Encode. It is strict, because a lock that
// reads wrongly makes reel pay again for renders it already has: anything
// it does not understand is a *ParseError with a position and a fix, never
// a guess, a panic or a silent reset.
//
// It accepts fields in any order, CRLF line ends, comment lines (starting
// with #) and any number of blank lines between blocks, none of which
// changes the value; Encode writes them back in canonical form.
func Decode(data []byte) (*Lock, error) { return decode(FileName, data) }

// decoder holds the state of one pass over the lines.
type decoder struct {
	file string
	data []byte
	// own says that nothing else holds data, so that requests may be
	// slices of it rather than copies.
	own     bool
	l       *Lock
	version int
	cur     *Entry // the open block; nil after a blank line
	curLine int    // the open block's `video` line
	// pos and next are the offsets in data of the line being read and of
	// the line after it.
	pos, next int
	// With record, blocks gets each closed block, in file order, spanning
	// the open block's `video` line to the end of its last field line
	// (curStart, curEnd).
	record           bool
	blocks           []block
	curStart, curEnd int
	// seen has bit i set when field i of fieldNames is in the open block,
	// first[i] is its line.
	seen  uint32
	first [len(fieldNames)]int
	// incomplete is the first closed block without key or state, reported
	// only once every line has read well (0: none).
	incomplete   int
	incompleteID string
}

// requestPrefix starts a request line, read apart from the others.
const requestPrefix = "\t" + fRequest + " "

// decode is Decode naming file in errors.
func decode(file string, data []byte) (*Lock, error) {
	return (&decoder{file: file, data: data, l: New()}).decode()
}

// decodeOwn is decode of a buffer the caller owns and will never change
// nor hand out: the lock's requests are slices of it rather than copies,
// which saves copying most of the file.
func decodeOwn(file string, data []byte) (*Lock, error) {
	return (&decoder{file: file, data: data, own: true, l: New()}).decode()
}

func (d *decoder) decode() (*Lock, error) {
	if err := d.lines(); err != nil {
		return nil, err
	}
	if d.version == 0 {
		return nil, d.errorf(1, 1, fixEmpty, "no version line: this is not a reel.lock, or it was cut short")
	}
	if d.incomplete != 0 {
		return nil, d.errorf(d.incomplete, 1, fixRestore, "video %s has no key or no state", quote(d.incompleteID))
	}
	return d.l, nil
}

// lines reads every line of d.data. A string of the whole file would be
// one more copy of it, and a string per line one allocation per line, so
// each run of lines up to a request line becomes one string, and the
// request line, which is most of the file, is read from the bytes and
// copied once, into its Entry.
func (d *decoder) lines() error {
	n := 1
	for pos := 0; pos < len(d.data); {
		rest := d.data[pos:]
		run := rest
		if i := bytes.Index(rest, []byte("\n"+requestPrefix)); i >= 0 {
			run = rest[:i+1]
		}
		var err error
		if n, err = d.run(n, pos, string(run)); err != nil {
			return err
		}
		pos += len(run)
		if pos == len(d.data) {
			break
		}
		line, after := cutLine(d.data[pos:]) // a request line
		d.pos, d.next = pos, len(d.data)-len(after)
		if v := line[len(requestPrefix):]; len(v) > 0 {
			err = d.request(n, v)
		} else {
			err = d.line(n, string(line))
		}
		if err != nil {
			return err
		}
		n++
		pos = d.next
	}
	d.close()
	return nil
}

// run reads the lines of s, which starts at byte pos of the file with
// line n, and returns the number of the line after them.
func (d *decoder) run(n, pos int, s string) (int, error) {
	for off := 0; off < len(s); n++ {
		line := s[off:]
		d.pos, d.next = pos+off, pos+len(s)
		if i := strings.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
			d.next = d.pos + i + 1
		}
		if err := d.line(n, strings.TrimSuffix(line, "\r")); err != nil {
			return n, err
		}
		off = d.next - pos
	}
	return n, nil
}

// cutLine returns the first line of data without its line end, and the
// lines after it. The newline ends a line, so data ending in one has no
// empty last line.
func cutLine(data []byte) (line, rest []byte) {
	line = data
	if i := bytes.IndexByte(data, '\n'); i >= 0 {
		line, rest = data[:i], data[i+1:]
	}
	return bytes.TrimSuffix(line, []byte("\r")), rest
}

// close ends the open block, if any: its fields are all known now.
func (d *decoder) close() {
	e := d.cur
	if e == nil {
		return
	}
	if (e.Key == "" || e.State == "") && d.incomplete == 0 {
		d.incomplete, d.incompleteID = d.curLine, e.ID
	}
	if d.record {
		d.blocks = append(d.blocks, block{id: e.ID, start: d.curStart, end: d.curEnd})
	}
	d.cur = nil
}

func (d *decoder) errorf(line, col int, fix, format string, args ...any) *ParseError {
	return &ParseError{File: d.file, Line: line, Col: col, What: fmt.Sprintf(format, args...), Fix: fix}
}

// line dispatches on the first byte, which is all the format needs.
func (d *decoder) line(n int, s string) error {
	switch {
	case s == "":
		d.close()
		return nil
	case s[0] == '#':
		return nil
	case s[0] == '\t':
		return d.field(n, s[1:])
	case strings.HasPrefix(s, "version "):
		return d.versionLine(n, s[len("version "):])
	case strings.HasPrefix(s, "video "):
		return d.videoLine(n, s[len("video "):])
	case strings.HasPrefix(s, "<<<<<<<") || strings.HasPrefix(s, "=======") || strings.HasPrefix(s, ">>>>>>>") || strings.HasPrefix(s, "|||||||"):
		return d.errorf(n, 1, fixMerge, "an unresolved git merge conflict")
	case s[0] == ' ':
		return d.errorf(n, 1, fixRestore, "a line indented with spaces: fields are indented with one tab")
	}
	return d.errorf(n, 1, fixRestore, "unexpected line %s", quote(firstWord(s)))
}

func (d *decoder) versionLine(n int, v string) error {
	const col = len("version ") + 1
	switch {
	case len(d.l.Videos) > 0:
		return d.errorf(n, 1, fixRestore, "the version line comes after a video")
	case d.version != 0:
		return d.errorf(n, 1, fixRestore, "a second version line")
	}
	ver, err := strconv.Atoi(v)
	if err != nil || ver < 1 || strconv.Itoa(ver) != v {
		return d.errorf(n, col, fixRestore, "bad version %s", quote(v))
	}
	if ver > Version {
		return d.errorf(n, col, fixUpgrade, "version %d is newer than this reel reads (%d)", ver, Version)
	}
	d.version = ver
	return nil
}

func (d *decoder) videoLine(n int, v string) error {
	const col = len("video ") + 1
	if d.version == 0 {
		return d.errorf(n, 1, fixRestore, "a video before the version line")
	}
	id, err := d.value(n, col, v)
	if err != nil {
		return err
	}
	if _, dup := d.l.Videos[id]; dup {
		return d.errorf(n, col, fixMerge, "video %s appears twice (first on line %d)", quote(id), d.videoLineOf(id))
	}
	d.close()
	d.cur, d.curLine, d.seen = &Entry{ID: id}, n, 0
	d.curStart, d.curEnd = d.pos, d.next
	d.l.Videos[id] = d.cur
	return nil
}

// videoLineOf finds the `video` line of id again, for the error about a
// second one: a map of every video's line would cost every read of a
// good lock. The lines before the second one have all read well.
func (d *decoder) videoLineOf(id string) int {
	rest := d.data
	for n := 1; len(rest) > 0; n++ {
		var line []byte
		line, rest = cutLine(rest)
		if v, ok := bytes.CutPrefix(line, []byte("video ")); ok {
			if got, err := d.value(n, 1, string(v)); err == nil && got == id {
				return n
			}
		}
	}
	return 0
}

// field reads one `\tNAME VALUE` line of the open block.
func (d *decoder) field(n int, s string) error {
	if d.cur == nil {
		return d.errorf(n, 1, fixRestore, "a field outside a video block")
	}
	d.curEnd = d.next
	name, v, ok := strings.Cut(s, " ")
	if !ok {
		return d.errorf(n, 2, fixRestore, "field %s has no value", quote(name))
	}
	col := 1 + len(name) + 2 // tab, name, space
	if err := d.once(n, name); err != nil {
		return err
	}
	e := d.cur
	var err error
	switch name {
	case fKey:
		e.Key, err = d.value(n, col, v)
	case fState:
		e.State, err = d.state(n, col, v)
	case fProvider:
		e.Provider, err = d.value(n, col, v)
	case fJob:
		e.Job, err = d.value(n, col, v)
	case fOutput:
		e.Output, err = d.value(n, col, v)
	case fSize:
		e.Size, err = d.size(n, col, v)
	case fSHA256:
		e.SHA256, err = d.value(n, col, v)
	case fDuration:
		e.Duration, err = d.float(n, col, v)
	case fCostUSD:
		e.CostUSD, err = d.float(n, col, v)
	case fError:
		e.Error, err = d.value(n, col, v)
	case fReplace:
		e.Replaces, err = d.value(n, col, v)
	case fRequest:
		e.Request, err = d.requestValue(n, col, v)
	case fUpload:
		err = d.upload(n, col, v)
	case fHistory:
		var r Render
		r, err = d.render(n, col, v)
		e.History = append(e.History, r)
	}
	return err
}

// once records field name on line n of the open block and refuses an
// unknown name or the second of a field that may appear only once.
func (d *decoder) once(n int, name string) error {
	i := fieldIndex(name)
	if i < 0 {
		return d.errorf(n, 2, fixNewer, "unknown field %s", quote(name))
	}
	bit := uint32(1) << i
	if d.seen&bit == 0 {
		d.seen |= bit
		d.first[i] = n
	} else if name != fHistory && name != fUpload {
		return d.errorf(n, 2, fixMerge, "field %s appears twice in video %s (first on line %d)", quote(name), quote(d.cur.ID), d.first[i])
	}
	return nil
}

// request reads a non-empty `\trequest JSON` line as field does, from the
// file's bytes.
func (d *decoder) request(n int, v []byte) error {
	if d.cur == nil {
		return d.errorf(n, 1, fixRestore, "a field outside a video block")
	}
	d.curEnd = d.next
	if err := d.once(n, fRequest); err != nil {
		return err
	}
	if d.own {
		d.cur.Request = v[:len(v):len(v)] // an append to it cannot reach the next line
	} else {
		d.cur.Request = bytes.Clone(v)
	}
	return nil
}

// fieldNames are the names a block's field lines may have.
var fieldNames = [...]string{fKey, fState, fProvider, fJob, fOutput, fSize, fSHA256, fDuration, fCostUSD, fError, fRequest, fUpload, fReplace, fHistory}

// fieldIndex is name's index in fieldNames, or -1.
func fieldIndex(name string) int {
	for i, f := range fieldNames {
		if f == name {
			return i
		}
	}
	return -1
}

// value reads a whole-line value: quoted if it starts with a quote, else
// bare, in which case it must be one Encode would have left bare.
func (d *decoder) value(n, col int, v string) (string, error) {
	if strings.HasPrefix(v, `"`) {
		s, err := strconv.Unquote(v)
		if err != nil {
			return "", d.errorf(n, col, fixRestore, "bad quoted value: a quote or escape is missing or extra")
		}
		return s, nil
	}
	if needsQuote(v) {
		return "", d.errorf(n, col, fixRestore, "value %s holds spaces or special characters and must be quoted", strconv.Quote(v))
	}
	return v, nil
}

func (d *decoder) state(n, col int, v string) (State, error) {
	if s := State(v); validState(s) {
		return s, nil
	}
	return "", d.errorf(n, col, fixRestore, "bad state %s (want pending, done or failed)", quote(v))
}

func (d *decoder) size(n, col int, v string) (int64, error) {
	i, err := strconv.ParseInt(v, 10, 64)
	if err != nil || i <= 0 || formatInt(i) != v {
		return 0, d.errorf(n, col, fixRestore, "bad size %s (want a positive integer in bytes)", quote(v))
	}
	return i, nil
}

func (d *decoder) float(n, col int, v string) (float64, error) {
	f, err := strconv.ParseFloat(v, 64)
	if err != nil || !(f > 0) || math.IsInf(f, 0) || formatFloat(f) != v { // !(f > 0) also catches NaN
		return 0, d.errorf(n, col, fixRestore, "bad number %s (want a positive decimal such as 12.5)", quote(v))
	}
	return f, nil
}

// requestValue keeps the canonical request as written. It is not parsed
// here: at ten thousand videos that would be most of the time a plan
// takes, and only `plan --diff` reads it (a damaged one then shows every
// field as changed, and the key, which decides, is checked like every
// field). A non-empty one takes the shorter way of decoder.request.
func (d *decoder) requestValue(n, col int, v string) (json.RawMessage, error) {
	if v == "" {
		return nil, d.errorf(n, col, fixRestore, "request is empty")
	}
	return json.RawMessage(v), nil
}

// render reads a history line: `KEY name=value ...`, single spaces.
func (d *decoder) render(n, col int, s string) (Render, error) {
	var r Render
	key, rest, err := d.token(n, col, s)
	if err != nil {
		return r, err
	}
	r.Key = key
	col += len(s) - len(rest)
	var seen uint32 // bit i: attribute fieldNames[i] was read
	for rest != "" {
		if rest[0] != ' ' {
			return r, d.errorf(n, col, fixRestore, "want a space between history attributes")
		}
		rest, col = rest[1:], col+1
		name, after, ok := strings.Cut(rest, "=")
		i := fieldIndex(name) // an unknown name is refused by setAttr on first sight
		if !ok || (i >= 0 && seen&(1<<i) != 0) || name == "" || strings.ContainsAny(name, " \"") {
			return r, d.errorf(n, col, fixRestore, "bad or repeated history attribute %s", quote(firstWord(rest)))
		}
		if i >= 0 {
			seen |= 1 << i
		}
		vcol := col + len(name) + 1
		var v string
		v, rest, err = d.token(n, vcol, after)
		if err != nil {
			return r, err
		}
		if err := d.setAttr(&r, n, col, vcol, name, v); err != nil {
			return r, err
		}
		col = vcol + len(after) - len(rest)
	}
	return r, nil
}

func (d *decoder) setAttr(r *Render, n, col, vcol int, name, v string) (err error) {
	switch name {
	case fProvider:
		r.Provider = v
	case fJob:
		r.Job = v
	case fOutput:
		r.Output = v
	case fSize:
		r.Size, err = d.size(n, vcol, v)
	case fSHA256:
		r.SHA256 = v
	case fDuration:
		r.Duration, err = d.float(n, vcol, v)
	case fCostUSD:
		r.CostUSD, err = d.float(n, vcol, v)
	default:
		return d.errorf(n, col, fixNewer, "unknown history attribute %s", quote(name))
	}
	return err
}

// token reads one value that ends at a space or the end of the line.
func (d *decoder) token(n, col int, s string) (v, rest string, err error) {
	if strings.HasPrefix(s, `"`) {
		q, qerr := strconv.QuotedPrefix(s)
		if qerr == nil {
			v, qerr = strconv.Unquote(q)
		}
		if qerr != nil {
			return "", "", d.errorf(n, col, fixRestore, "bad quoted value")
		}
		return v, s[len(q):], nil
	}
	v, _, _ = strings.Cut(s, " ")
	if needsQuote(v) {
		return "", "", d.errorf(n, col, fixRestore, "empty or unquoted special value %s", strconv.Quote(v))
	}
	return v, s[len(v):], nil
}

// firstWord names a bad line in an error without echoing all of it.
func firstWord(s string) string {
	w, _, _ := strings.Cut(s, " ")
	if len(w) > 40 {
		w = w[:40] + "…"
	}
	return w
}

// upload reads `upload REF VALUE`: two values, each quoted or bare.
func (d *decoder) upload(n, col int, s string) error {
	ref, rest, err := d.token(n, col, s)
	if err != nil {
		return err
	}
	val, err := d.value(n, col+len(s)-len(rest)+1, strings.TrimPrefix(rest, " "))
	if err != nil {
		return err
	}
	if ref == "" || val == "" || strings.Contains(rest, "\t") {
		return d.errorf(n, col, fixRestore, "an upload line needs a hash and a value")
	}
	if d.cur.Uploads == nil {
		d.cur.Uploads = map[string]string{}
	}
	if _, dup := d.cur.Uploads[ref]; dup {
		return d.errorf(n, col, fixMerge, "upload %s appears twice in video %s", quote(ref), quote(d.cur.ID))
	}
	d.cur.Uploads[ref] = val
	return nil
}

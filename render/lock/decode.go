package lock

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/reel-dev/reel/internal/textsafe"
)

// Decode reads a lock written by Encode. It is strict, because a lock that
// reads wrongly makes reel pay again for renders it already has: anything
// it does not understand is a *ParseError with a position and a fix, never
// a guess, a panic or a silent reset.
//
// It accepts fields in any order (but for a version 2 block's check and
// key lines, which end it), CRLF line ends, comment lines (starting with
// #) and any number of blank lines between blocks, none of which changes
// the value; Encode writes them back in canonical form. It refuses a lock
// cut short, a malformed hash and a block that fails its check line (see
// format.go).
func Decode(data []byte) (*Lock, error) { return decode(FileName, data) }

// decoder holds the state of one pass over the lines.
type decoder struct {
	file    string
	data    []byte
	l       *Lock
	version int
	cur     *Entry  // the open block; nil after a blank line
	av      *Avatar // the open avatar block, instead; nil after a blank line
	avSeen  uint32  // bit i: field avatarFields[i] is in the open avatar block
	curLine int     // the open block's `video` line
	// pos and next are the offsets in data of the line being read and of
	// the line after it.
	pos, next int
	// With record, blocks gets each closed block, in file order, spanning
	// the open block's `video` line to the end of its last field line
	// (curStart, curEnd).
	record           bool
	blocks           []block
	curStart, curEnd int
	// keys, if not nil, gets each closed block's key.
	keys   *keySet
	slab   []Entry  // see newEntry
	sorted []string // the ids so far, while they are in order
	// seen has bit i set when field i of fieldNames is in the open block,
	// first[i] is its line.
	seen  uint32
	first [len(fieldNames)]int
	// incomplete is the first closed block without key or state, reported
	// only once every line has read well (0: none).
	incomplete   int
	incompleteID string
	// cr says whether a line read so far ended in CRLF, checks whether
	// the file's version has check lines.
	cr, checks bool
	// checkLine is the open block's check line (0: none yet), check its
	// value and crc the block's lines before it (see format.go).
	checkLine  int
	check, crc uint32
	// ended is the footer's line (0: not read yet).
	ended int
}

// decode is Decode naming file in errors.
func decode(file string, data []byte) (*Lock, error) {
	return (&decoder{file: file, data: data, l: New()}).decode()
}

// decodeFile is decode of the lock read from file, with its Store.
func decodeFile(file string, data []byte) (*Lock, error) {
	return (&decoder{file: file, data: data, l: NewAt(file)}).decode()
}

func (d *decoder) decode() (*Lock, error) {
	// One map of the right size, not a dozen growths of it, and the
	// entries in one allocation.
	n := bytes.Count(d.data, []byte("\nvideo "))
	d.l.Videos = make(map[string]*Entry, n)
	d.slab = make([]Entry, n)
	d.sorted = make([]string, 0, n)
	if err := d.lines(); err != nil {
		return nil, err
	}
	if d.incomplete != 0 {
		return nil, d.errorf(d.incomplete, 1, fixRestore, "%s has no key or no state", d.incompleteID)
	}
	d.l.sorted = d.sorted
	return d.l, nil
}

// lines reads every line of d.data, as one string: a string per line
// would be an allocation per line, and every value is a slice of it.
func (d *decoder) lines() error {
	n, err := d.run(1, 0, string(d.data))
	cut := len(d.data) == 0 || d.data[len(d.data)-1] != '\n'
	switch {
	case err != nil && cut && d.next == len(d.data):
		return d.cutShort(n) // line n failed, and it is the one cut off
	case err != nil:
		return err
	case d.version == 0:
		return d.errorf(1, 1, fixEmpty, "no version line: this is not a reel.lock, or it was cut short")
	case d.ended == 0 || cut:
		return d.cutShort(n - 1) // the last line
	}
	d.close()
	return nil
}

// cutShort is the error for a lock that does not end with its footer.
func (d *decoder) cutShort(line int) error {
	return d.errorf(line, 1, fixCut, "the lock was cut short: its last line is not %q", footerLine)
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
		if strings.HasSuffix(line, "\r") {
			line, d.cr = line[:len(line)-1], true
		}
		if err := d.line(n, line); err != nil {
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
	if d.av != nil {
		d.closeAvatar()
		return
	}
	e := d.cur
	if e == nil {
		return
	}
	if (e.Key == "" || e.State == "") && d.incomplete == 0 {
		d.incomplete, d.incompleteID = d.curLine, "video "+quote(e.ID)
	}
	if d.record {
		d.blocks = append(d.blocks, block{id: e.ID, start: d.curStart, end: d.curEnd})
	}
	if d.keys != nil {
		d.keys.add(e.Key)
	}
	d.cur = nil
}

func (d *decoder) errorf(line, col int, fix, format string, args ...any) *ParseError {
	return &ParseError{File: d.file, Line: line, Col: col, What: fmt.Sprintf(format, args...), Fix: fix}
}

// line dispatches on the first byte, which is all the format needs.
func (d *decoder) line(n int, s string) error {
	switch {
	case d.ended != 0:
		return d.errorf(n, 1, fixRestore, "a line after the last line, %q (line %d)", footerLine, d.ended)
	case s == "":
		d.close()
		return nil
	case s[0] == '#':
		if s == footerLine {
			d.ended = n
		}
		return nil
	case s[0] == '\t':
		return d.field(n, s[1:])
	case strings.HasPrefix(s, "version "):
		return d.versionLine(n, s[len("version "):])
	case strings.HasPrefix(s, "video "):
		return d.videoLine(n, s[len("video "):])
	case strings.HasPrefix(s, "avatar "):
		return d.avatarLine(n, s[len("avatar "):])
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
	case len(d.l.Videos)+len(d.l.Avatars) > 0:
		return d.errorf(n, 1, fixRestore, "the version line comes after a video")
	case d.version != 0:
		return d.errorf(n, 1, fixRestore, "a second version line")
	}
	ver, err := strconv.Atoi(v)
	if err != nil || ver < 1 || strconv.Itoa(ver) != v {
		return d.errorf(n, col, fixRestore, "bad version %s", quote(v))
	}
	if ver > AvatarsVersion {
		return d.errorf(n, col, fixUpgrade, "version %d is newer than this reel reads (%d)", ver, AvatarsVersion)
	}
	d.version, d.checks = ver, ver >= 2
	return nil
}

func (d *decoder) videoLine(n int, v string) error {
	const col = len("video ") + 1
	if d.version == 0 {
		return d.errorf(n, 1, fixRestore, "a video before the version line")
	}
	id, err := d.name(n, col, "id", v)
	if err != nil {
		return err
	}
	d.close()
	if d.sorted != nil && (len(d.sorted) == 0 || d.sorted[len(d.sorted)-1] < id) {
		d.sorted = append(d.sorted, id)
	} else {
		d.sorted = nil // not in order (a hand edit, a union merge): Encode sorts
	}
	before := len(d.l.Videos)
	d.cur, d.curLine, d.seen, d.checkLine = d.newEntry(id), n, 0, 0
	d.curStart, d.curEnd = d.pos, d.next
	if d.l.Videos[id] = d.cur; len(d.l.Videos) == before { // one hash of id, not a lookup and an insert
		return d.errorf(n, col, fixMerge, "video %s appears twice (first on line %d)", quote(id), d.videoLineOf(id))
	}
	return nil
}

// newEntry returns an entry for id from d.slab: entries are allocated a
// lock at a time, not one by one.
func (d *decoder) newEntry(id string) *Entry {
	if len(d.slab) == 0 {
		d.slab = make([]Entry, 64)
	}
	e := &d.slab[0]
	d.slab = d.slab[1:]
	e.ID = id
	return e
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
	if d.av != nil {
		return d.avatarField(n, s)
	}
	if d.cur == nil {
		return d.errorf(n, 1, fixRestore, "a field outside a video block")
	}
	d.curEnd = d.next
	sp := 0 // strings.Cut, without its overhead on a name of a few bytes
	for sp < len(s) && s[sp] != ' ' {
		sp++
	}
	if sp == len(s) {
		return d.errorf(n, 2, fixRestore, "field %s has no value", quote(s))
	}
	name, v := s[:sp], s[sp+1:]
	col := 1 + len(name) + 2 // tab, name, space
	keyBefore := d.seen&(1<<iKey) != 0
	i, err := d.once(n, name)
	if err != nil {
		return err
	}
	if keyBefore && d.checks {
		return d.errorf(n, 2, fixRestore, "field %s after the key line of video %s: in a version %d lock the key line ends a block", quote(name), quote(d.cur.ID), d.version)
	}
	e := d.cur
	switch i { // one string search per line, in once
	case iKey:
		e.Key, err = d.key(n, col, v)
	case iCheck:
		err = d.checkField(n, col, v)
	case iState:
		e.State, err = d.state(n, col, v)
	case iProvider:
		e.Provider, err = d.name(n, col, fProvider, v)
	case iJob:
		e.Job, err = d.name(n, col, fJob, v)
	case iOutput:
		e.Output, err = d.name(n, col, fOutput, v)
	case iSize:
		e.Size, err = d.size(n, col, v)
	case iSHA256:
		e.SHA256, err = d.hash(n, col, fSHA256, v)
	case iDuration:
		e.Duration, err = d.float(n, col, v)
	case iCostUSD:
		e.CostUSD, err = d.float(n, col, v)
	case iError:
		e.Error, err = d.value(n, col, v)
		e.Error = textsafe.OneLine(e.Error)
	case iReplace:
		e.Replaces, err = d.name(n, col, fReplace, v)
	case iRequest:
		e.Request, err = d.requestValue(n, col, v)
	case iUpload:
		err = d.upload(n, col, v)
	case iHistory:
		var r Render
		r, err = d.render(n, col, v)
		e.History = append(e.History, r)
	}
	return err
}

// once records field name on line n of the open block and refuses an
// unknown name or the second of a field that may appear only once.
// It returns the name's index in fieldNames.
func (d *decoder) once(n int, name string) (int, error) {
	i := fieldIndex(name)
	if i < 0 {
		return i, d.errorf(n, 2, fixNewer, "unknown field %s", quote(name))
	}
	bit := uint32(1) << i
	if d.seen&bit == 0 {
		d.seen |= bit
		d.first[i] = n
	} else if name != fHistory && name != fUpload {
		return i, d.errorf(n, 2, fixMerge, "field %s appears twice in video %s (first on line %d)", quote(name), quote(d.cur.ID), d.first[i])
	}
	return i, nil
}

// Indexes of the fields in fieldNames.
const (
	iKey = iota
	iState
	iProvider
	iJob
	iOutput
	iSize
	iSHA256
	iDuration
	iCostUSD
	iError
	iRequest
	iUpload
	iReplace
	iHistory
	iCheck
)

// fieldNames are the names a block's field lines may have.
var fieldNames = [...]string{iKey: fKey, iState: fState, iProvider: fProvider, iJob: fJob, iOutput: fOutput, iSize: fSize, iSHA256: fSHA256, iDuration: fDuration, iCostUSD: fCostUSD, iError: fError, iRequest: fRequest, iUpload: fUpload, iReplace: fReplace, iHistory: fHistory, iCheck: fCheck}

// fieldIndex is name's index in fieldNames, or -1. It is a switch, which
// Go compiles to a search by length and bytes, because it runs for every
// line of the lock (TestFieldIndex keeps it in step with fieldNames).
func fieldIndex(name string) int {
	switch name {
	case fKey:
		return iKey
	case fState:
		return iState
	case fProvider:
		return iProvider
	case fJob:
		return iJob
	case fOutput:
		return iOutput
	case fSize:
		return iSize
	case fSHA256:
		return iSHA256
	case fDuration:
		return iDuration
	case fCostUSD:
		return iCostUSD
	case fError:
		return iError
	case fRequest:
		return iRequest
	case fUpload:
		return iUpload
	case fReplace:
		return iReplace
	case fHistory:
		return iHistory
	case fCheck:
		return iCheck
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

// name reads the value of a field that names something (an id, a
// provider, a job, an output), which reel never writes with a control
// character in it (see printable).
func (d *decoder) name(n, col int, field, v string) (string, error) {
	s, err := d.value(n, col, v)
	if err == nil {
		err = d.printable(n, col, field, s)
	}
	return s, err
}

// printable refuses a value with a control character: reel writes none,
// and a branch that plants one (an escape sequence) would drive the
// terminal of whoever runs reel status, plan or gc on it.
func (d *decoder) printable(n, col int, field, v string) error {
	if !strings.ContainsFunc(v, unicode.IsControl) {
		return nil
	}
	return d.errorf(n, col, fixRestore, "the %s holds a control character, which reel never writes", field)
}

// key reads a key line. In a version 2 block it comes right after the
// check line, and completes the lines the check covers.
func (d *decoder) key(n, col int, v string) (string, error) {
	k, err := d.hash(n, col, "render key", v)
	if err != nil || !d.checks {
		return k, err
	}
	id := d.openBlock()
	switch {
	case d.checkLine == 0:
		return "", d.errorf(n, 2, fixRestore, "%s has no check line before its key line", id)
	case d.checkLine != n-1:
		return "", d.errorf(n, 2, fixRestore, "the key line of %s does not follow its check line (line %d)", id, d.checkLine)
	case updateCheck(d.crc, d.data[d.pos:d.next], d.cr) != d.check:
		return "", d.errorf(d.curLine, 1, fixRestore, "%s does not match its check line (line %d): a line of its block was changed or lost", id, d.checkLine)
	}
	return k, nil
}

// openBlock names the open block in messages: video "ID", avatar "ID".
func (d *decoder) openBlock() string {
	if d.av != nil {
		return "avatar " + quote(d.av.ID)
	}
	return "video " + quote(d.cur.ID)
}

// checkField reads a check line and counts the block's lines before it.
func (d *decoder) checkField(n, col int, v string) error {
	if !d.checks {
		return d.errorf(n, 2, fixRestore, "a check line in a version %d lock, which has none: its version line was changed", d.version)
	}
	c, ok := parseCheck(v)
	if !ok {
		return d.errorf(n, col, fixRestore, "bad check %s: want 8 lowercase hex digits", quote(firstWord(v)))
	}
	d.check, d.checkLine = c, n
	d.crc = updateCheck(0, d.data[d.curStart:d.pos], d.cr)
	return nil
}

// hash reads a render key or a SHA-256: 64 lowercase hex digits, bare.
func (d *decoder) hash(n, col int, what, v string) (string, error) {
	if !isHex(v, hashLen) {
		return "", d.errorf(n, col, fixRestore, "%s %s is not 64 lowercase hex digits (length %d)", what, quote(firstWord(v)), utf8.RuneCountInString(v))
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
	var buf [24]byte
	if err != nil || i <= 0 || string(strconv.AppendInt(buf[:0], i, 10)) != v { // formatInt, without allocating
		return 0, d.errorf(n, col, fixRestore, "bad size %s (want a positive integer in bytes)", quote(v))
	}
	return i, nil
}

func (d *decoder) float(n, col int, v string) (float64, error) {
	if f, ok := shortDecimal(v); ok {
		return f, nil
	}
	f, err := strconv.ParseFloat(v, 64)
	var buf [32]byte
	if err != nil || !(f > 0) || math.IsInf(f, 0) || string(strconv.AppendFloat(buf[:0], f, 'f', -1, 64)) != v { // formatFloat, without allocating; !(f > 0) also catches NaN
		return 0, d.errorf(n, col, fixRestore, "bad number %s (want a positive decimal such as 12.5)", quote(v))
	}
	return f, nil
}

// pow10 are the powers of ten a float64 holds exactly.
var pow10 = [...]float64{1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15}

// shortDecimal reads the numbers a lock nearly always holds (durations
// and costs such as 12.5 or 0.42) in a few nanoseconds, where ParseFloat
// and the canonical check take a quarter of a microsecond: at ten thousand
// videos that is two milliseconds of every read. It takes only a positive
// decimal of at most 15 digits, without exponent, leading zero (but the
// one of "0.5") or trailing zero after the point, and says !ok for
// anything else, which float then reads the long way.
//
// Such a decimal is canonical: with at most 15 significant digits no
// other decimal that short reads as the same float64 (DBL_DIG is 15), so
// it is the shortest that round-trips, which is what formatFloat writes.
// And float64(m)/10^k is exact: m < 2^53 and 10^k are both exact, and one
// IEEE division rounds correctly (Clinger's fast path, as in strconv).
func shortDecimal(v string) (float64, bool) {
	if len(v) == 0 || len(v) > 16 || (v[0] == '0' && (len(v) == 1 || v[1] != '.')) {
		return 0, false
	}
	var m uint64
	digits, point := 0, -1
	for i := 0; i < len(v); i++ {
		switch c := v[i]; {
		case c >= '0' && c <= '9':
			m = m*10 + uint64(c-'0')
			digits++
		case c == '.' && point < 0 && i > 0:
			point = i
		default:
			return 0, false
		}
	}
	frac := 0
	if point >= 0 {
		frac = len(v) - point - 1
		if frac == 0 || v[len(v)-1] == '0' {
			return 0, false
		}
	}
	if digits > 15 || m == 0 {
		return 0, false
	}
	return float64(m) / pow10[frac], true
}

// requestValue keeps the canonical request of an older lock as written.
// It is not parsed here: only a plan's diff reads it (a damaged one is
// then reported as not kept), and the key, which decides, is checked like
// every field.
func (d *decoder) requestValue(n, col int, v string) (json.RawMessage, error) {
	if v == "" {
		return nil, d.errorf(n, col, fixRestore, "request is empty")
	}
	return json.RawMessage(v), nil
}

// render reads a history line: `KEY name=value ...`, single spaces.
func (d *decoder) render(n, col int, s string) (Render, error) {
	var r Render
	_, rest, err := d.token(n, col, s)
	if err != nil {
		return r, err
	}
	if r.Key, err = d.hash(n, col, "render key", s[:len(s)-len(rest)]); err != nil {
		return r, err
	}
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
		if name == fSHA256 {
			v, err = d.hash(n, vcol, fSHA256, after[:len(after)-len(rest)])
		}
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
	if err := d.printable(n, vcol, name, v); err != nil {
		return err
	}
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

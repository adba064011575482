package lock

import (
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
	file    string
	l       *Lock
	version int
	cur     *Entry         // the open block; nil after a blank line
	fields  map[string]int // the open block's fields and their lines
	starts  map[string]int // each video's `video` line
}

func decode(file string, data []byte) (*Lock, error) {
	d := &decoder{file: file, l: New(), starts: map[string]int{}}
	lines := strings.Split(string(data), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1] // the newline ends the last line
	}
	for i, line := range lines {
		if err := d.line(i+1, strings.TrimSuffix(line, "\r")); err != nil {
			return nil, err
		}
	}
	if d.version == 0 {
		return nil, d.errorf(1, 1, fixEmpty, "no version line: this is not a reel.lock, or it was cut short")
	}
	for id, e := range d.l.Videos {
		if e.Key == "" || e.State == "" {
			return nil, d.errorf(d.starts[id], 1, fixRestore, "video %s has no key or no state", quote(id))
		}
	}
	return d.l, nil
}

func (d *decoder) errorf(line, col int, fix, format string, args ...any) *ParseError {
	return &ParseError{File: d.file, Line: line, Col: col, What: fmt.Sprintf(format, args...), Fix: fix}
}

// line dispatches on the first byte, which is all the format needs.
func (d *decoder) line(n int, s string) error {
	switch {
	case s == "":
		d.cur = nil
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
	if first, ok := d.starts[id]; ok {
		return d.errorf(n, col, fixMerge, "video %s appears twice (first on line %d)", quote(id), first)
	}
	d.cur = &Entry{ID: id}
	d.fields = map[string]int{}
	d.starts[id] = n
	d.l.Videos[id] = d.cur
	return nil
}

// field reads one `\tNAME VALUE` line of the open block.
func (d *decoder) field(n int, s string) error {
	if d.cur == nil {
		return d.errorf(n, 1, fixRestore, "a field outside a video block")
	}
	name, v, ok := strings.Cut(s, " ")
	if !ok {
		return d.errorf(n, 2, fixRestore, "field %s has no value", quote(name))
	}
	col := 1 + len(name) + 2 // tab, name, space
	if first, dup := d.fields[name]; dup && name != fHistory && name != fUpload {
		return d.errorf(n, 2, fixMerge, "field %s appears twice in video %s (first on line %d)", quote(name), quote(d.cur.ID), first)
	}
	d.fields[name] = n
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
		e.Request, err = d.request(n, col, v)
	case fUpload:
		err = d.upload(n, col, v)
	case fHistory:
		var r Render
		r, err = d.render(n, col, v)
		e.History = append(e.History, r)
	default:
		return d.errorf(n, 2, fixNewer, "unknown field %s", quote(name))
	}
	return err
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

// request keeps the bytes exactly, but only if they are the compact JSON
// Encode writes, so that decoding and encoding again changes nothing.
// request keeps the canonical request as written. It is not parsed here:
// at ten thousand videos that would be most of the time a plan takes, and
// only `plan --diff` reads it (a damaged one then shows every field as
// changed, and the key, which decides, is checked like every field).
func (d *decoder) request(n, col int, v string) (json.RawMessage, error) {
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
	seen := map[string]bool{}
	for rest != "" {
		if rest[0] != ' ' {
			return r, d.errorf(n, col, fixRestore, "want a space between history attributes")
		}
		rest, col = rest[1:], col+1
		name, after, ok := strings.Cut(rest, "=")
		if !ok || seen[name] || name == "" || strings.ContainsAny(name, " \"") {
			return r, d.errorf(n, col, fixRestore, "bad or repeated history attribute %s", quote(firstWord(rest)))
		}
		seen[name] = true
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

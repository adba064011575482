package manifest

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"slices"
	"strings"
	"unicode"

	"github.com/reel-dev/reel/internal/safefile"
	"github.com/reel-dev/reel/internal/suggest"
	"github.com/reel-dev/reel/manifest/data"
)

// This file reads a manifest's rows: rows: {file: data.csv, key: slug}
// makes one video per row of the data file, with the id <manifest>@<key>.
// Every string field of the manifest is a template of the row's columns
// (see rows_template.go); locales.go adds the languages.

// Origin is what a video of a manifest with rows or locales was made
// from: the manifest, the row and the locale.
type Origin struct {
	Template string // the manifest's id: welcome
	Key      string // the row's key value ("" without rows)
	Locale   string // the locale ("" for the manifest's own language)
	Data     string // the data file (absolute), "" without rows
	Line     int    // the row's line in it
	// Inputs are the data and translation files the video was made from
	// (absolute, symlinks resolved): a change to one changes the video.
	Inputs []string
}

// TemplateRead is what loading a manifest with rows or locales read
// besides the manifest, so a plan can tell later which rows of a data
// file changed without expanding the others.
type TemplateRead struct {
	Manifest string // absolute path
	ID       string // the manifest's id
	Data     string // the data file (absolute, symlinks resolved), "" without rows
	// Rows is the key of each row by its hash (data.Row.Hash): a row whose
	// hash is the same makes the same videos from the same manifest.
	Rows map[string]string
	// Inputs are the data and translation files, as read.
	Inputs []InputRead
}

// InputRead is a file a manifest's videos were made from, as read.
type InputRead struct {
	Path string // absolute, symlinks resolved
	FileRead
}

// isTemplate reports whether a manifest has rows or locales.
func isTemplate(tree *Node) bool { return tree.Get("rows") != nil || tree.Get("locales") != nil }

// addTemplate records what a manifest with rows or locales read.
func (s *Set) addTemplate(t *TemplateRead) {
	if t == nil {
		return
	}
	s.Templates = append(s.Templates, t)
	for _, in := range t.Inputs {
		s.Sums[in.Path] = in.SHA256
		s.Stamps[in.Path] = in.Stamp
	}
}

// rowSet is a manifest's rows, read and checked.
type rowSet struct {
	file    string // the data file as named (absolute, not resolved)
	real    string // the data file, symlinks resolved
	shown   string // the data file as messages name it: relative to the project
	root    string // the project's
	columns []string
	keyCol  int
	rows    []data.Row        // the rows read: all, or those a plan did not know
	keys    []string          // each one's key
	all     map[string]string // every row's key by its hash, read or not
}

// readRows reads the data file rows names and checks its keys. Its
// errors are at rows' fields or in the data file.
func (l *loader) readRows(f ManifestFile, n *Node, t *TemplateRead) (*rowSet, Errors) {
	file, key, errs := rowsFields(n)
	if len(errs) > 0 {
		return nil, errs
	}
	path, real, e := l.localFile(f, file, "rows.file", "data")
	if e != nil {
		return nil, Errors{*e}
	}
	b, in, msg := readInput(real, safefile.Data)
	if msg != "" {
		return nil, Errors{errAt(file, "rows.file", "%s: %s", file.Value, msg)}
	}
	t.Data, t.Inputs = real, append(t.Inputs, in)
	rs := &rowSet{file: path, real: real, shown: relPath(l.p.Root, path), root: l.p.Root}
	known := l.known(f)
	quick := known != nil && strings.EqualFold(filepath.Ext(path), ".csv") && rs.readChanged(b, key.Value.(string), known)
	if !quick {
		if errs := rs.readAll(b, file, key); len(errs) > 0 {
			return nil, errs
		}
	}
	t.Rows = rs.all
	return rs, nil
}

// readAll reads every row of the data file's bytes b, which file names,
// and checks their keys, of the column key names.
func (rs *rowSet) readAll(b []byte, file, key *Node) Errors {
	tab, derrs := data.Read(rs.file, b)
	if len(derrs) > 0 {
		return dataErrors(rs.file, derrs)
	}
	rs.columns, rs.rows = tab.Columns, tab.Rows
	if rs.keyCol = slices.Index(tab.Columns, key.Value.(string)); rs.keyCol < 0 {
		return Errors{noKeyColumn(key, rs)}
	}
	if len(tab.Rows) == 0 {
		return Errors{errAt(file, "rows.file", "%s has no rows: a manifest with rows makes one video per row", file.Value)}
	}
	return rs.checkKeys()
}

// known is what the options say a plan knows of the rows of f.
func (l *loader) known(f ManifestFile) map[string]string {
	if l.opt.Rows == nil {
		return nil
	}
	return l.opt.Rows(f)
}

// rowsFields checks rows: is {file: ..., key: ...}.
func rowsFields(n *Node) (file, key *Node, errs Errors) {
	if n.Kind != Map {
		return nil, nil, Errors{errAt(n, "rows", "is %s; want {file: data/customers.csv, key: slug}", describeKind(n))}
	}
	for i, k := range n.Keys {
		if k != "file" && k != "key" {
			errs = append(errs, Error{Pos: n.KeyPos[i], Field: "rows." + k, Msg: "unknown field: rows takes file (the data file) and key (the column that names each row)"})
		}
	}
	for _, f := range []struct{ name, what string }{{"file", "the data file: CSV, JSON or YAML, relative to this manifest"}, {"key", "the column whose value names each row's video (welcome@<key>)"}} {
		if stringAt(n, f.name) == "" {
			errs = append(errs, errAt(cmpNode(n.Get(f.name), n), "rows."+f.name, "want %s", f.what))
		}
	}
	return n.Get("file"), n.Get("key"), errs
}

// stringAt is the string under key of a Map node, or "".
func stringAt(n *Node, key string) string {
	v := n.Get(key)
	if v == nil || v.Kind != Scalar {
		return ""
	}
	s, _ := v.Value.(string)
	return s
}

// cmpNode is n, or else its parent: where to report a missing value.
func cmpNode(n, parent *Node) *Node {
	if n == nil {
		return parent
	}
	return n
}

// localFile resolves a data or translation file named by the string at
// n, relative to the manifest: it must be inside the project. path is as
// named, real with symlinks resolved.
func (l *loader) localFile(f ManifestFile, n *Node, field, what string) (path, real string, _ *Error) {
	ref := n.Value.(string)
	if strings.Contains(ref, "://") || filepath.IsAbs(ref) || strings.HasPrefix(ref, "/") {
		e := errAt(n, field, "%q: give the %s file's path relative to this manifest, inside the project", ref, what)
		return "", "", &e
	}
	path = filepath.Join(filepath.Dir(n.Pos.File), filepath.FromSlash(ref))
	real, err := filepath.EvalSymlinks(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		e := errAt(n, field, "%s: no such file (paths are relative to the file that names them)", ref)
		return "", "", &e
	case err != nil:
		e := errAt(n, field, "%s: cannot read: %v", ref, unwrapPath(err))
		return "", "", &e
	case !safefile.Within(l.assets.root, real):
		e := errAt(n, field, "%s is outside the project (%s): keep %s files inside it so every checkout renders the same", ref, real, what)
		return "", "", &e
	}
	return path, real, nil
}

// readInput reads a data or translation file under its cap, with its
// stamp and hash; msg says why it could not be.
func readInput(real string, limit safefile.Limit) ([]byte, InputRead, string) {
	b, st, err := safefile.ReadStamp(real, limit)
	if err != nil {
		return nil, InputRead{}, inputError(err)
	}
	sum := sha256.Sum256(b)
	return b, InputRead{Path: real, FileRead: FileRead{Stamp: Stamp(st), SHA256: hex.EncodeToString(sum[:])}}, ""
}

// inputError says why a data or translation file cannot be read,
// without its path (the error's position is the field that names it).
func inputError(err error) string {
	var nr *safefile.NotRegularError
	var tb *safefile.TooBigError
	switch {
	case errors.As(err, &nr):
		return nr.Reason()
	case errors.As(err, &tb):
		return tb.Reason()
	}
	return "cannot read: " + unwrapPath(err).Error()
}

// dataErrors positions a data file's errors in it.
func dataErrors(path string, derrs []data.Error) Errors {
	errs := make(Errors, len(derrs))
	for i, e := range derrs {
		errs[i] = Error{Pos: Pos{path, e.Pos.Line, e.Pos.Col}, Field: e.Column, Msg: e.Msg}
	}
	return errs
}

// noKeyColumn is the error of a key naming no column.
func noKeyColumn(key *Node, rs *rowSet) Error {
	want := key.Value.(string)
	msg := fmt.Sprintf("%s has no column %q; its columns are %s", rs.shown, want, strings.Join(rs.columns, ", "))
	if s := suggest.Closest(want, rs.columns); s != "" {
		msg += fmt.Sprintf(": did you mean %q?", s)
	}
	return errAt(key, "rows.key", "%s", msg)
}

// isKey reports whether a row's key value may name a video: it is part
// of a video id and of an output's file name. Letters and digits (of any
// script), '.', '-' and '_', starting with a letter or digit, at most 64.
func isKey(s string) bool {
	n := 0
	for i, r := range s {
		switch n++; {
		case n > 64:
			return false
		case unicode.IsLetter(r) || unicode.IsDigit(r):
		case i > 0 && (r == '.' || r == '-' || r == '_'):
		default:
			return false
		}
	}
	return n > 0
}

// checkKeys checks each row's key: there, non-empty, fit for an id and a
// file name, and its row's alone. It records the keys, and each row's
// key by its hash.
func (rs *rowSet) checkKeys() Errors {
	var errs Errors
	name := rs.columns[rs.keyCol]
	first := make(map[string]int, len(rs.rows))
	rs.keys, rs.all = make([]string, len(rs.rows)), make(map[string]string, len(rs.rows))
	for i, r := range rs.rows {
		c := r.Get(rs.keyCol)
		at := Pos{rs.file, c.Pos.Line, c.Pos.Col}
		switch prev, dup := first[c.Value]; {
		case !c.Set:
			errs = append(errs, Error{Pos: Pos{rs.file, r.Pos.Line, r.Pos.Col}, Msg: fmt.Sprintf("this row has no %q: every row needs its key, which names its video", name)})
		case c.Value == "":
			errs = append(errs, Error{Pos: at, Field: name, Msg: fmt.Sprintf("empty key: every row needs its own %s, which names its video (<manifest>@<%s>)", name, name)})
		case !isKey(c.Value):
			errs = append(errs, Error{Pos: at, Field: name, Msg: fmt.Sprintf("%q cannot name a video: a key is letters, digits, '.', '-' and '_', starting with a letter or digit, at most 64 (e.g. %s)", c.Value, suggestKey(c.Value))})
		case dup:
			p := rs.rows[prev].Get(rs.keyCol).Pos
			errs = append(errs, Error{Pos: at, Field: name, Msg: fmt.Sprintf("%q is the key of the row at %s:%d:%d too: each row needs its own key", c.Value, rs.shown, p.Line, p.Col)})
		default:
			first[c.Value] = i
		}
		rs.keys[i], rs.all[r.Hash] = c.Value, c.Value
	}
	return errs
}

// suggestKey is a key made of what can be kept of s.
func suggestKey(s string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(strings.TrimSpace(s)) {
		switch {
		case isKey(string(r)):
			b.WriteRune(r)
		case b.Len() > 0 && !strings.HasSuffix(b.String(), "-"):
			b.WriteByte('-')
		}
	}
	if k := strings.Trim(b.String(), "-._"); k != "" && len(k) <= 64 {
		return k
	}
	return "acme-corp"
}

// values is a row as its templates read it: column → value, for the
// columns it has.
func (rs *rowSet) values(i int) map[string]string {
	m := make(map[string]string, len(rs.columns))
	for c, name := range rs.columns {
		if cell := rs.rows[i].Get(c); cell.Set {
			m[name] = cell.Value
		}
	}
	return m
}

package manifest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/reel-dev/reel/internal/lazyregexp"
	"github.com/reel-dev/reel/internal/safefile"
)

// Limits on what a manifest may be. They keep a hostile or broken file from
// taking reel's memory or time: no real video needs more.
const (
	MaxFileSize = safefile.MaxYAML // bytes in one manifest or reel.yaml
	maxNodes    = 100_000          // values in one file once aliases are expanded
	maxDepth    = 64               // levels of values nested in one another
)

// words is what a kind of file is called in messages, and what it needs.
type words struct{ what, needs string }

var (
	manifestWords = words{"a manifest", "at least avatar and scenes (see `reel schema`)"}
	projectWords  = words{"reel.yaml", "version: 1 (see `reel schema project`)"}
)

// Parse reads one YAML manifest into a positioned tree. Every problem comes
// back as a positioned Error; Parse never panics on any input.
func Parse(file string, data []byte) (*Node, Errors) { return parse(file, data, manifestWords) }

func parse(file string, data []byte, w words) (*Node, Errors) {
	if len(data) > MaxFileSize {
		return nil, Errors{{Pos: Pos{file, 1, 1}, Msg: fmt.Sprintf("file is %d bytes; %s is at most %d (1 MiB): split it, or move what is not needed out", len(data), w.what, MaxFileSize)}}
	}
	if e, ok := checkText(file, data); !ok {
		return nil, Errors{e}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, Errors{{Pos: Pos{file, 1, 1}, Msg: "file has no fields: " + w.what + " needs " + w.needs}}
		}
		return nil, Errors{syntaxError(file, data, err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, Errors{{Pos: Pos{file, extra.Line, extra.Column}, Msg: "a second YAML document (after ---): one file holds one video; use variants or another file"}}
	} else if !errors.Is(err, io.EOF) {
		return nil, Errors{syntaxError(file, data, err)}
	}
	c := converter{file: file, memo: map[*yaml.Node]*Node{}, active: map[*yaml.Node]bool{}, sizes: map[*yaml.Node]int{}}
	root := c.convert(doc.Content[0], nil)
	if root == nil || root.IsNull() {
		return nil, Errors{{Pos: Pos{file, 1, 1}, Msg: "file has no fields: " + w.what + " needs " + w.needs}}
	}
	if len(c.errs) == 0 && root.Kind != Map {
		c.errs = append(c.errs, errAt(root, "", "%s is a mapping of fields (name: value lines); found %s", w.what, describeKind(root)))
	}
	return root, c.errs
}

func describeKind(n *Node) string {
	if n.Kind == List {
		return "a list"
	}
	return "a single value"
}

// checkText refuses what is not UTF-8 text, pointing at the first bad byte.
func checkText(file string, data []byte) (Error, bool) {
	if bytes.HasPrefix(data, []byte{0xfe, 0xff}) || bytes.HasPrefix(data, []byte{0xff, 0xfe}) {
		return Error{Pos: Pos{file, 1, 1}, Msg: "file is UTF-16 text: save it as UTF-8"}, false
	}
	for off := 0; off < len(data); {
		r, size := utf8.DecodeRune(data[off:])
		switch {
		case r == utf8.RuneError && size <= 1:
			return Error{Pos: offsetPos(file, data, off), Msg: fmt.Sprintf("byte 0x%02x is not UTF-8 text: save the file as UTF-8", data[off])}, false
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r', r == 0x7f:
			return Error{Pos: offsetPos(file, data, off), Msg: fmt.Sprintf("control byte 0x%02x: this looks like a binary file, not a YAML manifest", r)}, false
		}
		off += size
	}
	return Error{}, true
}

// offsetPos converts a byte offset into a line and a column in characters.
func offsetPos(file string, data []byte, off int) Pos {
	line := 1 + bytes.Count(data[:off], []byte("\n"))
	start := bytes.LastIndexByte(data[:off], '\n') + 1
	return Pos{file, line, 1 + utf8.RuneCount(data[start:off])}
}

var yamlLine = lazyregexp.New(`^yaml: line (\d+): (.*)$`)

// syntaxError turns yaml.v3's "yaml: line 3: ..." into a positioned error.
// yaml.v3 gives a line only, and for some mistakes the line where the
// enclosing block began; the hints below find the column, and the line,
// of the common mistakes and say what to do in plain words.
func syntaxError(file string, data []byte, err error) Error {
	msg := err.Error()
	line := 1
	if m := yamlLine.FindStringSubmatch(msg); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	} else {
		msg = strings.TrimPrefix(msg, "yaml: ")
	}
	lines := strings.Split(string(data), "\n")
	for _, h := range syntaxHints {
		if strings.Contains(msg, h.problem) {
			if l, col, text, ok := h.find(lines, line); ok {
				return Error{Pos: Pos{file, l, col}, Msg: text}
			}
		}
	}
	for _, l := range []int{line, line + 1} {
		if i := leadingTab(lineAt(lines, l)); i >= 0 {
			return Error{Pos: Pos{file, l, i + 1}, Msg: "a tab indents this line: YAML indents with spaces only"}
		}
	}
	return Error{Pos: Pos{file, line, indentOf(lineAt(lines, line)) + 1}, Msg: "invalid YAML: " + msg}
}

type syntaxHint struct {
	problem string // part of yaml.v3's message
	find    func(lines []string, line int) (int, int, string, bool)
}

var syntaxHints = []syntaxHint{
	{"mapping values are not allowed", colonInValue},
	{"did not find expected ',' or ']'", unclosed('[', ']')},
	{"did not find expected ',' or '}'", unclosed('{', '}')},
	{"found unexpected end of stream", unclosedQuote},
	{"did not find expected key", misaligned},
	{"did not find expected node content", unclosedAtEnd}, // a [ or { last in the file
}

// unclosedAtEnd: a flow list or mapping opened where the file ends, which
// yaml.v3 reports as a value it did not find.
func unclosedAtEnd(lines []string, line int) (int, int, string, bool) {
	if l, col, text, ok := unclosed('[', ']')(lines, line); ok {
		return l, col, text, ok
	}
	return unclosed('{', '}')(lines, line)
}

// colonInValue: "script: Note: this" reads as a mapping inside a value.
func colonInValue(lines []string, line int) (int, int, string, bool) {
	text := lineAt(lines, line)
	first := strings.Index(text, ": ")
	if first < 0 {
		return 0, 0, "", false
	}
	second := strings.Index(text[first+2:], ": ")
	if second < 0 {
		return line, indentOf(text) + 1, "this key is indented deeper than the line above: line it up with its siblings", true
	}
	return line, first + 2 + second + 1, `the value holds ": ", which YAML reads as a new field: put the value in quotes`, true
}

// unclosed finds the bracket opened on or after line and never closed.
func unclosed(open, close byte) func([]string, int) (int, int, string, bool) {
	return func(lines []string, line int) (int, int, string, bool) {
		var stack [][2]int
		for l := line; l <= line+200; l++ {
			text := lineAt(lines, l)
			inQuote := byte(0)
			for i := 0; i < len(text); i++ {
				switch c := text[i]; {
				case inQuote != 0:
					if c == inQuote {
						inQuote = 0
					}
				case c == '"' || c == '\'':
					inQuote = c
				case c == '#' && (i == 0 || text[i-1] == ' '):
					i = len(text)
				case c == open:
					stack = append(stack, [2]int{l, i + 1})
				case c == close && len(stack) > 0:
					stack = stack[:len(stack)-1]
				}
			}
		}
		if len(stack) == 0 {
			return 0, 0, "", false
		}
		at := stack[len(stack)-1]
		return at[0], at[1], fmt.Sprintf("this %c is never closed: add %c where it ends", open, close), true
	}
}

// unclosedQuote finds a line with an opening quote and no closing one.
func unclosedQuote(lines []string, line int) (int, int, string, bool) {
	for l := max(line-5, 1); l <= line+200 && l <= len(lines); l++ {
		text := lineAt(lines, l)
		if n := strings.Count(text, `"`) - strings.Count(text, `\"`); n%2 == 1 {
			return l, strings.LastIndexByte(text, '"') + 1, "this quote is never closed: add the closing \"", true
		}
	}
	return 0, 0, "", false
}

// misaligned: yaml.v3 names the line before the one that breaks the block.
func misaligned(lines []string, line int) (int, int, string, bool) {
	text := lineAt(lines, line+1)
	if strings.TrimSpace(text) == "" {
		return 0, 0, "", false
	}
	return line + 1, indentOf(text) + 1, "this line does not fit the block above: check its indentation, or a missing key before ':'", true
}

func indentOf(text string) int { return len(text) - len(strings.TrimLeft(text, " ")) }

// leadingTab is the index of a tab in a line's indentation, or -1.
func leadingTab(text string) int {
	i := strings.IndexByte(text, '\t')
	if i >= 0 && strings.TrimLeft(text[:i], " -") == "" {
		return i
	}
	return -1
}

func lineAt(lines []string, line int) string {
	if line < 1 || line > len(lines) {
		return ""
	}
	return strings.TrimRight(lines[line-1], "\r")
}

type converter struct {
	file    string
	count   int
	memo    map[*yaml.Node]*Node
	active  map[*yaml.Node]bool
	sizes   map[*yaml.Node]int
	errs    Errors
	stopped bool // a limit was passed and reported: the rest is not converted
}

func (c *converter) pos(n *yaml.Node) Pos { return Pos{c.file, n.Line, n.Column} }

func (c *converter) fail(n *yaml.Node, path []string, format string, args ...any) *Node {
	c.errs = append(c.errs, Error{Pos: c.pos(n), Field: plainField(path), Msg: fmt.Sprintf(format, args...)})
	return &Node{Kind: Scalar, Pos: c.pos(n)}
}

// stop reports a passed limit and ends the conversion: what follows the
// value that passed it is neither converted nor counted, so the work a
// hostile file costs ends where the limit is.
func (c *converter) stop(n *yaml.Node, path []string, format string, args ...any) *Node {
	c.stopped = true
	return c.fail(n, path, format, args...)
}

// plainField names a path before a tree exists to tell lists from maps;
// list indexes are recorded as "[i]" tokens by the converter.
func plainField(path []string) string {
	var b strings.Builder
	for _, tok := range path {
		if !strings.HasPrefix(tok, "[") && b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(tok)
	}
	return b.String()
}

// convert turns a YAML node into a Node; path holds one token per level
// of nesting, so its length is the value's depth.
func (c *converter) convert(n *yaml.Node, path []string) *Node {
	switch {
	case c.stopped:
		return &Node{Kind: Scalar, Pos: c.pos(n)}
	case len(path) > maxDepth:
		return c.stop(n, path, "values nested more than %d deep: no video needs that; flatten this value", maxDepth)
	}
	if c.count++; c.count > maxNodes {
		return c.stop(n, path, "this file holds more than %d values: no video needs that many; split it or remove what is not needed", maxNodes)
	}
	switch n.Kind {
	case yaml.AliasNode:
		return c.alias(n, path)
	case yaml.MappingNode:
		return c.mapping(n, path)
	case yaml.SequenceNode:
		out := &Node{Kind: List, Pos: c.pos(n)}
		for i := 0; i < len(n.Content) && !c.stopped; i++ {
			out.Items = append(out.Items, c.convert(n.Content[i], append(path, "["+strconv.Itoa(i)+"]")))
		}
		return out
	case yaml.ScalarNode:
		return c.scalar(n, path)
	}
	return c.fail(n, path, "unsupported YAML node")
}

// alias expands *name by sharing the anchored subtree, after checking that
// the expansion stays small: a "billion laughs" file is an error, not a hang.
func (c *converter) alias(n *yaml.Node, path []string) *Node {
	target := n.Alias
	if target == nil || c.active[target] {
		return c.fail(n, path, "alias *%s refers to itself", n.Value)
	}
	if done, ok := c.memo[target]; ok {
		c.count += c.size(target)
		if c.count > maxNodes {
			return c.stop(n, path, "alias *%s expands this file past %d values (a \"billion laughs\"): write the values out instead", n.Value, maxNodes)
		}
		return done
	}
	c.active[target] = true
	out := c.convert(target, path)
	delete(c.active, target)
	c.memo[target] = out
	return out
}

// size counts the values under n as an alias would expand them.
func (c *converter) size(n *yaml.Node) int {
	if s, ok := c.sizes[n]; ok {
		return s
	}
	c.sizes[n] = maxNodes + 1 // a cycle counts as too big
	s := 1
	if n.Kind == yaml.AliasNode && n.Alias != nil {
		s = c.size(n.Alias)
	}
	for _, ch := range n.Content {
		s += c.size(ch)
		if s > maxNodes {
			break
		}
	}
	c.sizes[n] = s
	return s
}

// mapping converts a YAML mapping. Each key is looked up in the mapping
// built so far (see Node.find), so a duplicate is found in constant time
// however many keys came before it.
func (c *converter) mapping(n *yaml.Node, path []string) *Node {
	out := &Node{Kind: Map, Pos: c.pos(n)}
	var merged []bool // by place in out.Keys: it came from <<, and a key written here replaces it
	for i := 0; i+1 < len(n.Content) && !c.stopped; i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind == yaml.ScalarNode && k.Tag == "!!merge" {
			merged = c.mergeKey(out, merged, v, path)
			continue
		}
		if k.Kind != yaml.ScalarNode {
			c.fail(k, path, "a key must be a plain name, not %s", yamlKind(k))
			continue
		}
		at := out.find(k.Value)
		fromMerge := at >= 0 && at < len(merged) && merged[at]
		if at >= 0 && !fromMerge {
			c.fail(k, append(path, k.Value), "duplicate key %q (first at line %d): keep one", k.Value, out.KeyPos[at].Line)
			continue
		}
		val := c.convert(v, append(path, k.Value))
		if at >= 0 {
			out.KeyPos[at], out.Vals[at], merged[at] = c.pos(k), val, false
			continue
		}
		out.add(k.Value, c.pos(k), val)
		if merged != nil {
			merged = append(merged, false)
		}
	}
	return out
}

// mergeKey applies YAML's "<<: *anchor": the anchored mapping's keys are
// added unless the mapping sets them itself (explicit keys win, whichever
// comes first in the file) or an earlier << did. It returns merged, the
// mapping's merged flags, grown to cover every key of out.
func (c *converter) mergeKey(out *Node, merged []bool, v *yaml.Node, path []string) []bool {
	for len(merged) < len(out.Keys) {
		merged = append(merged, false)
	}
	srcs := []*yaml.Node{v}
	if v.Kind == yaml.SequenceNode {
		srcs = v.Content
	}
	for _, s := range srcs {
		m := c.convert(s, path)
		if c.stopped {
			break
		}
		if m.Kind != Map {
			c.fail(s, path, "<< merges a mapping; found %s", describeKind(m))
			continue
		}
		for i, k := range m.Keys {
			if out.find(k) < 0 {
				out.add(k, m.KeyPos[i], m.Vals[i])
				merged = append(merged, true)
			}
		}
	}
	return merged
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	}
	return "an alias"
}

// scalar resolves a YAML scalar to a JSON value. Numbers keep their text
// as json.Number; timestamps and binary stay strings (no manifest field
// takes them, and the schema then says so).
func (c *converter) scalar(n *yaml.Node, path []string) *Node {
	out := &Node{Kind: Scalar, Pos: c.pos(n)}
	switch n.ShortTag() {
	case "!!str", "!!timestamp", "!!binary":
		out.Value = n.Value
	case "!!null":
		out.Value = nil
	case "!!bool":
		var b bool
		if err := n.Decode(&b); err != nil {
			return c.fail(n, path, "%q is not true or false", n.Value)
		}
		out.Value = b
	case "!!int", "!!float":
		num, ok := number(n)
		if !ok {
			return c.fail(n, path, "%s is not a finite number: write a number such as 1.0", n.Value)
		}
		out.Value = num
	default:
		return c.fail(n, path, "unknown YAML tag %s: remove it", n.Tag)
	}
	return out
}

// number reads a YAML number as yaml.v3 resolves it, keeping its value's
// shortest text.
func number(n *yaml.Node) (json.Number, bool) {
	if decimalInt(n.Value) {
		if i, err := strconv.ParseInt(n.Value, 10, 64); err == nil {
			return json.Number(strconv.FormatInt(i, 10)), true
		}
	}
	return decodedNumber(n)
}

// decodedNumber reads any YAML number through yaml.v3's decoding.
func decodedNumber(n *yaml.Node) (json.Number, bool) {
	var v any
	if err := n.Decode(&v); err != nil {
		return "", false
	}
	switch v := v.(type) {
	case int:
		return json.Number(strconv.Itoa(v)), true
	case int64:
		return json.Number(strconv.FormatInt(v, 10)), true
	case uint64:
		return json.Number(strconv.FormatUint(v, 10)), true
	case float64:
		if math.IsInf(v, 0) || math.IsNaN(v) {
			return "", false
		}
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64)), true
	}
	return "", false
}

// decimalInt reports whether s is an integer in plain decimal, which YAML
// and strconv read alike: no leading zero (YAML reads 010 as octal), no
// base prefix, no underscores. Decoding those directly skips yaml.v3's
// reflection, most of the cost of a file of many numbers.
func decimalInt(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" || s[0] == '0' && len(s) > 1 {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

package data

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strconv"

	"go.yaml.in/yaml/v3"

	"github.com/reel-dev/reel/internal/lazyregexp"
)

// readYAML reads a YAML list of mappings of scalars. Aliases are refused:
// a data file needs none, and refusing them leaves no expansion to bound.
func readYAML(b []byte) (*Table, []Error) {
	t := newTable()
	if len(b) > MaxYAML {
		return &t.Table, []Error{{Pos: Pos{1, 1}, Msg: fmt.Sprintf("a YAML data file is at most %d MiB: save the rows as CSV or JSON", MaxYAML>>20)}}
	}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return &t.Table, []Error{{Pos: Pos{1, 1}, Msg: "the file is empty: a YAML data file is a list of rows (- {slug: acme, name: Acme})"}}
		}
		return &t.Table, []Error{yamlError(err)}
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return &t.Table, []Error{{Pos: Pos{extra.Line, extra.Column}, Msg: "a second YAML document (after ---): a data file is one list of rows"}}
	}
	top := doc.Content[0]
	if top.Kind != yaml.SequenceNode {
		return &t.Table, []Error{{Pos: Pos{top.Line, top.Column}, Msg: "a YAML data file is a list of rows (- {slug: acme, name: Acme}); found " + yamlKind(top)}}
	}
	var errs []Error
	for _, n := range top.Content {
		if len(t.Rows) == MaxRows {
			return &t.Table, append(errs, Error{Pos: Pos{n.Line, n.Column}, Msg: tooManyRows})
		}
		row, rerrs, stop := t.yamlRow(n)
		errs = append(errs, rerrs...)
		if stop {
			return &t.Table, errs
		}
		if row != nil {
			row.Hash = cellsHash(t.Columns, *row)
			t.Rows = append(t.Rows, *row)
		}
	}
	return &t.Table, errs
}

// yamlRow reads one mapping; stop says the reading cannot go on.
func (t *table) yamlRow(n *yaml.Node) (_ *Row, errs []Error, stop bool) {
	p := Pos{n.Line, n.Column}
	if n.Kind != yaml.MappingNode {
		return nil, []Error{{Pos: p, Msg: "a row is a mapping of columns ({slug: acme, name: Acme}); found " + yamlKind(n)}}, false
	}
	row := &Row{Pos: p}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		kp, vp := Pos{k.Line, k.Column}, Pos{v.Line, v.Column}
		if k.Kind != yaml.ScalarNode {
			return row, append(errs, Error{Pos: kp, Msg: "a column's name is text; found " + yamlKind(k)}), false
		}
		if v.Kind != yaml.ScalarNode {
			errs = append(errs, Error{Pos: vp, Column: k.Value, Msg: "a cell is text, a number or a boolean; found " + yamlKind(v)})
			continue
		}
		c, ok := t.column(k.Value)
		if !ok {
			return row, append(errs, Error{Pos: kp, Column: k.Value, Msg: tooManyColumns}), true
		}
		if row.Get(c).Set {
			errs = append(errs, Error{Pos: kp, Column: k.Value, Msg: fmt.Sprintf("%q twice in one row: give each column once", k.Value)})
			continue
		}
		val := v.Value
		if v.Tag == "!!null" {
			val = ""
		}
		set(row, c, Cell{Value: val, Pos: vp, Set: true})
	}
	return row, errs, false
}

func yamlKind(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias (*name): write the value out"
	}
	return "a single value"
}

var yamlLine = lazyregexp.New(`^yaml: line (\d+): (.*)$`)

// yamlError positions yaml.v3's "yaml: line 3: ..." at its line.
func yamlError(err error) Error {
	if m := yamlLine.FindStringSubmatch(err.Error()); m != nil {
		line, _ := strconv.Atoi(m[1])
		return Error{Pos: Pos{line, 1}, Msg: "invalid YAML: " + m[2]}
	}
	return Error{Pos: Pos{1, 1}, Msg: "invalid YAML: " + err.Error()}
}

package manifest

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"text/template"
	tparse "text/template/parse"

	"golang.org/x/text/cases"
	"golang.org/x/text/language"

	"github.com/reel-dev/reel/internal/lazyregexp"
	"github.com/reel-dev/reel/internal/suggest"
)

// A manifest with rows is a template: each of its string fields (and of
// its locales' translations) may use the row's columns with Go's
// text/template syntax, {{ .name }}, and the functions of rowFuncs. A
// column a template names is checked against the data file's columns
// before any row is expanded, and then once more for each row (a JSON or
// YAML row may lack a column); executing with missingkey=error is the
// last guard. Fields that are not strings (a number, a boolean) take no
// template: the schema checks them as written.

// maxField is the most bytes a field's template may make: a script is a
// few thousand characters, and a template that makes more (a huge cell,
// a printf of a huge width) is an error, not a memory blow-up.
const maxField = 64 << 10

// rowFuncs are the functions a manifest's templates may call, besides
// text/template's own (if, eq, index, len, ...). printf is replaced by
// one that refuses widths and precisions of more than three digits.
var rowFuncs = template.FuncMap{
	"upper":   strings.ToUpper,
	"lower":   strings.ToLower,
	"title":   func(s string) string { return cases.Title(language.Und).String(s) },
	"trim":    strings.TrimSpace,
	"default": func(def, s string) string { return cmpOr(s, def) },
	"replace": replace,
	"printf":  printf,
}

// replace is strings.ReplaceAll(s, old, new), refused when the result
// would pass maxField.
func replace(old, new, s string) (string, error) {
	n := strings.Count(s, old)
	if len(s)+n*(len(new)-len(old)) > maxField {
		return "", fmt.Errorf("replace would make more than %d KiB", maxField>>10)
	}
	return strings.ReplaceAll(s, old, new), nil
}

var wideVerb = lazyregexp.New(`%[-+# 0]*(\*|[1-9]\d{3,}|\d*\.(\*|0*[1-9]\d{3,}))`)

// printf is fmt.Sprintf without widths or precisions of 1,000 or more,
// which would make a field of a megabyte from a few bytes.
func printf(format string, args ...any) (string, error) {
	if wideVerb.MatchString(format) {
		return "", errors.New("printf: a width or precision is at most 999, and never *")
	}
	return fmt.Sprintf(format, args...), nil
}

// fieldTemplate is one string field that is a template.
type fieldTemplate struct {
	t      *template.Template
	field  string   // the field's name: scenes[0].script
	uses   []string // the columns it names
	column string   // the column, when the field is that column alone ({{ .name }})
}

// templates are the templates of a manifest's trees (its own, and each
// locale's), compiled once for all rows.
type templates struct {
	byNode map[*Node]*fieldTemplate
	byPos  map[Pos]*fieldTemplate // to tell the errors a row's values caused
	has    map[*Node]bool         // the node's value holds a template
	errs   Errors
}

func newTemplates() *templates {
	return &templates{byNode: map[*Node]*fieldTemplate{}, byPos: map[Pos]*fieldTemplate{}, has: map[*Node]bool{}}
}

// compile compiles every template of tree, whose fields are named as in
// root, checking the columns they name against rs's.
func (ts *templates) compile(tree, root *Node, path []string, rs *rowSet) bool {
	if done, seen := ts.has[tree]; seen {
		return done
	}
	found := false
	switch tree.Kind {
	case Map:
		for i, k := range tree.Keys {
			found = ts.compile(tree.Vals[i], root, append(path, k), rs) || found
		}
	case List:
		for i, it := range tree.Items {
			found = ts.compile(it, root, append(path, fmt.Sprint(i)), rs) || found
		}
	case Scalar:
		s, ok := tree.Value.(string)
		if found = ok && strings.Contains(s, "{{"); found {
			ts.compileField(tree, root.FieldName(path), s, rs)
		}
	}
	ts.has[tree] = found
	return found
}

// compileField compiles one field's template and checks its columns.
func (ts *templates) compileField(n *Node, field, text string, rs *rowSet) {
	t, err := template.New(field).Option("missingkey=error").Funcs(rowFuncs).Parse(text)
	if err != nil {
		ts.errs = append(ts.errs, Error{Pos: n.Pos, Field: field, Msg: "template: " + templateError(err)})
		return
	}
	ft := &fieldTemplate{t: t, field: field}
	if why := ft.check(t); why != "" {
		ts.errs = append(ts.errs, Error{Pos: n.Pos, Field: field, Msg: why})
		return
	}
	known := map[string]bool{}
	for _, c := range rs.columns {
		known[c] = true
	}
	for _, c := range ft.uses {
		if !known[c] {
			ts.errs = append(ts.errs, Error{Pos: n.Pos, Field: field, Msg: noColumn(c, rs)})
		}
	}
	ts.byNode[n], ts.byPos[n.Pos] = ft, ft
}

// noColumn is the message of a template naming a column the data file
// does not have.
func noColumn(c string, rs *rowSet) string {
	msg := fmt.Sprintf("{{ .%s }}: %s has no column %q", c, rs.shown, c)
	if s := suggest.Closest(c, rs.columns); s != "" {
		msg += fmt.Sprintf(": did you mean {{ .%s }}?", s)
	}
	return msg + "; its columns are " + strings.Join(rs.columns, ", ")
}

// check refuses what a field's template may not do, and records the
// columns it names: range (a loop could run for ever), define and
// template (one field is one template).
func (ft *fieldTemplate) check(t *template.Template) string {
	if len(t.Templates()) > 1 {
		return "template: define, block and template are not taken here: a field is one template"
	}
	root := t.Tree.Root
	if len(root.Nodes) == 1 {
		if a, ok := root.Nodes[0].(*tparse.ActionNode); ok {
			ft.column = loneColumn(a.Pipe)
		}
	}
	return ft.walk(root, true)
}

// loneColumn is the column a pipeline is, when it is {{ .name }} alone.
func loneColumn(p *tparse.PipeNode) string {
	if len(p.Decl) > 0 || len(p.Cmds) != 1 || len(p.Cmds[0].Args) != 1 {
		return ""
	}
	if f, ok := p.Cmds[0].Args[0].(*tparse.FieldNode); ok && len(f.Ident) == 1 {
		return f.Ident[0]
	}
	return ""
}

// walk goes through a template's nodes; row says the dot is the row
// (not inside a with, whose dot is another value).
func (ft *fieldTemplate) walk(n tparse.Node, row bool) string {
	switch n := n.(type) {
	case *tparse.ListNode:
		if n == nil {
			return ""
		}
		for _, c := range n.Nodes {
			if why := ft.walk(c, row); why != "" {
				return why
			}
		}
	case *tparse.ActionNode:
		return ft.walk(n.Pipe, row)
	case *tparse.PipeNode:
		if n == nil {
			return ""
		}
		for _, c := range n.Cmds {
			for _, a := range c.Args {
				if why := ft.walk(a, row); why != "" {
					return why
				}
			}
		}
	case *tparse.FieldNode:
		if row {
			ft.uses = append(ft.uses, n.Ident[0])
		}
	case *tparse.VariableNode:
		if len(n.Ident) > 1 && n.Ident[0] == "$" {
			ft.uses = append(ft.uses, n.Ident[1])
		}
	case *tparse.IfNode:
		return ft.branches(n.Pipe, n.List, n.ElseList, row, row)
	case *tparse.WithNode:
		return ft.branches(n.Pipe, n.List, n.ElseList, row, false)
	case *tparse.RangeNode:
		return "template: range is not taken here: a field is made from one row's values"
	case *tparse.TemplateNode:
		return "template: define, block and template are not taken here: a field is one template"
	}
	return ""
}

// branches walks an if's or a with's pipeline and lists; the dot of the
// first list is the row when in is.
func (ft *fieldTemplate) branches(p *tparse.PipeNode, list, elseList *tparse.ListNode, row, in bool) string {
	for _, why := range []string{ft.walk(p, row), ft.walk(list, in), ft.walk(elseList, row)} {
		if why != "" {
			return why
		}
	}
	return ""
}

var templatePrefix = lazyregexp.New(`^template: [^:]*:\d+:(\d+:)? ?(executing "[^"]*" at <[^>]*>: )?(error calling \w+: )?`)

// templateError is text/template's error without its prefix, which names
// the template and its line within the field.
func templateError(err error) string { return templatePrefix.ReplaceAllString(err.Error(), "") }

// limited is a writer that fails past maxField bytes.
type limited struct{ strings.Builder }

var errTooLong = fmt.Errorf("the template makes more than %d KiB: a field is at most that", maxField>>10)

func (w *limited) Write(p []byte) (int, error) {
	if w.Len()+len(p) > maxField {
		return 0, errTooLong
	}
	return w.Builder.Write(p)
}

// rowError is an error a row's values caused in a field.
type rowError struct {
	n   *Node
	ft  *fieldTemplate
	msg string
}

// expand is tree with each template executed with a row's values; the
// nodes without a template are shared, not copied.
func (ts *templates) expand(tree *Node, row map[string]string, errs *[]rowError) *Node {
	if !ts.has[tree] {
		return tree
	}
	switch tree.Kind {
	case Map:
		out := &Node{Kind: Map, Pos: tree.Pos}
		for i, k := range tree.Keys {
			out.add(k, tree.KeyPos[i], ts.expand(tree.Vals[i], row, errs))
		}
		return out
	case List:
		out := &Node{Kind: List, Pos: tree.Pos, Items: make([]*Node, len(tree.Items))}
		for i, it := range tree.Items {
			out.Items[i] = ts.expand(it, row, errs)
		}
		return out
	}
	ft := ts.byNode[tree]
	var w limited
	if err := ft.t.Execute(&w, row); err != nil {
		msg := templateError(err)
		if errors.Is(err, errTooLong) {
			msg = errTooLong.Error()
		}
		*errs = append(*errs, rowError{tree, ft, msg})
	}
	return &Node{Kind: Scalar, Pos: tree.Pos, Value: w.String()}
}

// missing lists the columns a row lacks that the templates of a tree use.
func (ts *templates) missing(row map[string]string) []string {
	var out []string
	seen := map[string]bool{}
	for _, ft := range ts.byNode {
		for _, c := range ft.uses {
			if _, ok := row[c]; !ok && !seen[c] {
				seen[c] = true
				out = append(out, c)
			}
		}
	}
	slices.Sort(out)
	return out
}

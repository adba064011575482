package schema

import (
	"encoding/json"
	"fmt"
	"math/big"
	"sort"
	"strconv"
	"strings"

	"github.com/reel-dev/reel/internal/english"
	"github.com/reel-dev/reel/internal/jsonschema"
	"github.com/reel-dev/reel/internal/jsonschema/kind"
	"github.com/reel-dev/reel/internal/suggest"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

var printer = message.NewPrinter(language.English)

// reasons maps the location of every schema object that carries an
// "x-reason" to that text. Editors ignore the unknown keyword; reel uses it
// to replace the validator's generic words ("anyOf failed") by the rule the
// schema author meant ("set exactly one of ...").
type reasons map[string]string

func (r reasons) collect(loc string, v any) {
	switch v := v.(type) {
	case map[string]any:
		if s, ok := v["x-reason"].(string); ok {
			r[loc] = s
		}
		for k, c := range v {
			r.collect(loc+"/"+escape(k), c)
		}
	case []any:
		for i, c := range v {
			r.collect(loc+"/"+strconv.Itoa(i), c)
		}
	}
}

// find returns the reason of the innermost schema object enclosing loc.
func (r reasons) find(loc string) string {
	for {
		if s, ok := r[loc]; ok {
			return s
		}
		i := strings.LastIndexByte(loc, '/')
		if i < 0 {
			return ""
		}
		loc = loc[:i]
	}
}

func escape(tok string) string {
	return strings.ReplaceAll(strings.ReplaceAll(tok, "~", "~0"), "/", "~1")
}

type flattener struct {
	reasons reasons
	doc     any
	out     []Violation
}

func keywordLocation(e *jsonschema.ValidationError) string {
	loc := e.SchemaURL
	if _, ok := e.ErrorKind.(*kind.Reference); ok {
		return loc
	}
	for _, k := range e.ErrorKind.KeywordPath() {
		loc += "/" + escape(k)
	}
	return loc
}

// walk turns the validator's tree into leaves. A compound failure (anyOf,
// not, dependentRequired, a false schema...) under an x-reason is reported
// once with that reason instead of as its many causes.
func (f *flattener) walk(e *jsonschema.ValidationError) {
	reason := f.reasons.find(keywordLocation(e))
	if _, ok := e.ErrorKind.(*kind.AdditionalProperties); ok {
		f.unknownFields(e)
		return
	}
	if reason != "" && (len(e.Causes) == 0 || compound(e.ErrorKind)) {
		f.add(f.at(e), false, reason)
		return
	}
	if len(e.Causes) == 0 {
		f.add(f.at(e), false, f.message(e))
		return
	}
	for _, c := range e.Causes {
		f.walk(c)
	}
}

// at is where an error should point: a list with too many items is
// pointed at by its first item too many.
func (f *flattener) at(e *jsonschema.ValidationError) []string {
	if k, ok := e.ErrorKind.(*kind.MaxItems); ok {
		return append(append([]string(nil), e.InstanceLocation...), strconv.Itoa(k.Want))
	}
	return e.InstanceLocation
}

func compound(k jsonschema.ErrorKind) bool {
	switch k.(type) {
	case *kind.AnyOf, *kind.OneOf, *kind.Not, *kind.PropertyNames:
		return true
	}
	return false
}

func (f *flattener) add(path []string, atKey bool, msg string) {
	f.out = append(f.out, Violation{Path: append([]string(nil), path...), AtKey: atKey, Message: msg})
}

// unknownFields reports each unexpected key at the key itself, with the
// nearest known name when the key looks like a typo of it.
func (f *flattener) unknownFields(e *jsonschema.ValidationError) {
	k := e.ErrorKind.(*kind.AdditionalProperties)
	known := f.knownFields(e.SchemaURL)
	for _, p := range k.Properties {
		msg := "unknown field"
		s := suggest.Closest(p, known)
		if s != "" {
			msg += fmt.Sprintf("; did you mean %q?", s)
		} else if len(known) > 0 {
			msg += "; known fields are " + strings.Join(known, ", ")
		}
		f.add(append(append([]string(nil), e.InstanceLocation...), p), true, msg)
		f.out[len(f.out)-1].Typo = s
	}
}

// knownFields lists the property names of the schema object at url.
func (f *flattener) knownFields(url string) []string {
	name, ptr, _ := strings.Cut(strings.TrimPrefix(url, base), "#")
	src, ok := Source(strings.TrimSuffix(name, ".schema.json"))
	if !ok {
		return nil
	}
	var cur any
	if json.Unmarshal(src, &cur) != nil {
		return nil
	}
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		m, _ := cur.(map[string]any)
		cur = m[tok]
	}
	m, _ := cur.(map[string]any)
	props, _ := m["properties"].(map[string]any)
	var names []string
	for n := range props {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

func (f *flattener) value(path []string) (any, bool) {
	cur := f.doc
	for _, tok := range path {
		switch c := cur.(type) {
		case map[string]any:
			v, ok := c[tok]
			if !ok {
				return nil, false
			}
			cur = v
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return nil, false
			}
			cur = c[i]
		default:
			return nil, false
		}
	}
	return cur, true
}

func (f *flattener) message(e *jsonschema.ValidationError) string {
	got, _ := f.value(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.Type:
		want := strings.Join(articles(k.Want), " or ")
		switch got.(type) {
		case nil:
			return fmt.Sprintf("has no value; want %s", want)
		case map[string]any, []any:
			return fmt.Sprintf("is %s; want %s", article(k.Got), want)
		}
		return fmt.Sprintf("%s is %s; want %s", Display(got), article(k.Got), want)
	case *kind.Enum:
		return fmt.Sprintf("%s is not one of %s%s", Display(k.Got), list(k.Want), didYouMean(k.Got, k.Want))
	case *kind.Const:
		return fmt.Sprintf("%s must be %s", Display(k.Got), Display(k.Want))
	case *kind.Required:
		return fmt.Sprintf("missing required field %s", quoteAll(k.Missing))
	case *kind.DependentRequired:
		return fmt.Sprintf("%q needs %s as well", k.Prop, quoteAll(k.Missing))
	case *kind.MinLength:
		if k.Want == 1 {
			return "must not be empty"
		}
		return fmt.Sprintf("is %s long; at least %d", english.Count(k.Got, "character"), k.Want)
	case *kind.MaxLength:
		return fmt.Sprintf("is %s long; at most %d", english.Count(k.Got, "character"), k.Want)
	case *kind.MinItems:
		return fmt.Sprintf("has %s; at least %d", english.Count(k.Got, "item"), k.Want)
	case *kind.MaxItems:
		return fmt.Sprintf("has %s; at most %d", english.Count(k.Got, "item"), k.Want)
	case *kind.Minimum:
		return fmt.Sprintf("%s is less than the minimum %s", rat(k.Got), rat(k.Want))
	case *kind.Maximum:
		return fmt.Sprintf("%s is more than the maximum %s", rat(k.Got), rat(k.Want))
	case *kind.ExclusiveMinimum:
		return fmt.Sprintf("%s must be more than %s", rat(k.Got), rat(k.Want))
	case *kind.ExclusiveMaximum:
		return fmt.Sprintf("%s must be less than %s", rat(k.Got), rat(k.Want))
	case *kind.MultipleOf:
		return fmt.Sprintf("%s is not a multiple of %s", rat(k.Got), rat(k.Want))
	case *kind.Pattern:
		return fmt.Sprintf("%q does not match %s", k.Got, k.Want)
	case *kind.FalseSchema:
		return "not allowed here"
	}
	return e.ErrorKind.LocalizedString(printer)
}

// Display renders a JSON value the way it would be written in YAML.
func Display(v any) string {
	switch v := v.(type) {
	case nil:
		return "null"
	case string:
		return strconv.Quote(v)
	case bool:
		return strconv.FormatBool(v)
	case json.Number:
		return v.String()
	case map[string]any:
		return "a mapping"
	case []any:
		return "a list"
	}
	return fmt.Sprint(v)
}

// didYouMean is "; did you mean X?" when got is a string that looks like a
// typo of one of the strings in want, else "".
func didYouMean(got any, want []any) string {
	g, ok := got.(string)
	if !ok {
		return ""
	}
	var names []string
	for _, w := range want {
		if s, ok := w.(string); ok {
			names = append(names, s)
		}
	}
	if s := suggest.Closest(g, names); s != "" {
		return fmt.Sprintf("; did you mean %q?", s)
	}
	return ""
}

func list(vs []any) string {
	var s []string
	for _, v := range vs {
		if str, ok := v.(string); ok {
			s = append(s, str)
		} else {
			s = append(s, Display(v))
		}
	}
	return strings.Join(s, ", ")
}

func quoteAll(names []string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = strconv.Quote(n)
	}
	return strings.Join(q, ", ")
}

func article(t string) string {
	switch t {
	case "object":
		return "a mapping"
	case "array":
		return "a list"
	case "null":
		return "empty"
	case "integer":
		return "an integer"
	}
	return "a " + t
}

func articles(ts []string) []string {
	out := make([]string, len(ts))
	for i, t := range ts {
		out[i] = article(t)
	}
	return out
}

func rat(r *big.Rat) string {
	if r.IsInt() {
		return r.Num().String()
	}
	f, _ := r.Float64()
	return strconv.FormatFloat(f, 'g', -1, 64)
}

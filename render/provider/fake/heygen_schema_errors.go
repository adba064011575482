package fake

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"

	"github.com/reel-dev/reel/internal/jsonschema"
	"github.com/reel-dev/reel/internal/jsonschema/kind"
	"golang.org/x/text/language"
	"golang.org/x/text/message"
)

// heygenValidate checks body against an endpoint's request schema and
// returns the field at fault ("scenes.0.input.voice_id") and a message, or
// ok.
func heygenValidate(endpoint string, body []byte) (param, msg string, ok bool) {
	schemas, err := heygenSchemas()
	if err != nil {
		panic("fake: heygen-v3-api.json: " + err.Error())
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(body))
	if err != nil {
		return "", "request body is not valid JSON", false
	}
	err = schemas[endpoint].Validate(inst)
	if err == nil {
		return "", "", true
	}
	ve, isVE := err.(*jsonschema.ValidationError)
	if !isVE {
		return "", err.Error(), false
	}
	leaves := heygenRelevant(ve)
	p := message.NewPrinter(language.English)
	var msgs []string
	for i, l := range leaves {
		where := heygenParam(l)
		if i == 0 {
			param = where
		}
		m := l.ErrorKind.LocalizedString(p)
		if where != "" {
			m = where + ": " + m
		}
		if !slices.Contains(msgs, m) {
			msgs = append(msgs, m)
		}
	}
	if len(msgs) > 5 {
		msgs = append(msgs[:5], "…")
	}
	return param, strings.Join(msgs, "; "), false
}

// heygenRelevant collects the errors a caller can act on. Under an anyOf it
// follows the branch whose discriminator matched (the one without a const
// failure), so a body with "type":"avatar" is told what is wrong with its
// avatar fields, not that it is not a studio video.
func heygenRelevant(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	causes := e.Causes
	if _, ok := e.ErrorKind.(*kind.AnyOf); ok {
		var matched []*jsonschema.ValidationError
		for _, c := range causes {
			if !heygenConstFailed(c, len(e.InstanceLocation)+1) {
				matched = append(matched, c)
			}
		}
		if len(matched) == 0 {
			return []*jsonschema.ValidationError{heygenDiscriminatorError(e)}
		}
		slices.SortStableFunc(matched, func(a, b *jsonschema.ValidationError) int {
			return len(heygenLeavesOf(a)) - len(heygenLeavesOf(b))
		})
		causes = matched[:1]
	}
	var out []*jsonschema.ValidationError
	for _, c := range causes {
		out = append(out, heygenRelevant(c)...)
	}
	return out
}

func heygenLeavesOf(e *jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return []*jsonschema.ValidationError{e}
	}
	var out []*jsonschema.ValidationError
	for _, c := range e.Causes {
		out = append(out, heygenLeavesOf(c)...)
	}
	return out
}

// heygenConstFailed reports a const failure on a direct property of the
// union's value (depth is its location's length): a failed discriminator,
// not a failure deeper inside a matched branch.
func heygenConstFailed(e *jsonschema.ValidationError, depth int) bool {
	for _, l := range heygenLeavesOf(e) {
		if _, ok := l.ErrorKind.(*kind.Const); ok && len(l.InstanceLocation) == depth {
			return true
		}
	}
	return false
}

// heygenDiscriminatorError is reported when no branch's discriminator matched:
// the const failures name every value the field may take.
func heygenDiscriminatorError(e *jsonschema.ValidationError) *jsonschema.ValidationError {
	var want []string
	var at []string
	for _, l := range heygenLeavesOf(e) {
		if k, ok := l.ErrorKind.(*kind.Const); ok && len(l.InstanceLocation) == len(e.InstanceLocation)+1 {
			b, _ := json.Marshal(k.Want)
			if !slices.Contains(want, string(b)) {
				want = append(want, string(b))
			}
			at = l.InstanceLocation
		}
	}
	return &jsonschema.ValidationError{InstanceLocation: at, ErrorKind: &heygenOneOf{want}}
}

type heygenOneOf struct{ want []string }

func (k *heygenOneOf) KeywordPath() []string { return []string{"const"} }
func (k *heygenOneOf) LocalizedString(*message.Printer) string {
	return "must be one of " + strings.Join(k.want, ", ")
}

// heygenParam names the field an error is about, in HeyGen's dotted form; a
// missing or unknown property names that property.
func heygenParam(e *jsonschema.ValidationError) string {
	loc := append([]string(nil), e.InstanceLocation...)
	switch k := e.ErrorKind.(type) {
	case *kind.Required:
		if len(k.Missing) > 0 {
			loc = append(loc, k.Missing[0])
		}
	case *kind.AdditionalProperties:
		if len(k.Properties) > 0 {
			loc = append(loc, k.Properties[0])
		}
	}
	return strings.Join(loc, ".")
}

package provider

import (
	"bytes"
	"encoding/json"
)

// Code is a provider's error code. HeyGen sends numbers (40119) in some
// envelopes and strings ("insufficient_credit") in others, sometimes for the
// same endpoint, so a code decodes from either and keeps its text; decoding
// never fails on an odd type, because a malformed error envelope must not
// hide the error it carries.
type Code string

// UnmarshalJSON accepts a JSON string, number or null; anything else keeps
// its compact JSON text.
func (c *Code) UnmarshalJSON(b []byte) error {
	*c = Code(looseText(b))
	return nil
}

// looseText is the text of a JSON value: a string's contents, a number's
// digits, "" for null, the compact JSON of anything else.
func looseText(b []byte) string {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || string(b) == "null" {
		return ""
	}
	if b[0] == '"' {
		var s string
		if json.Unmarshal(b, &s) == nil {
			return s
		}
	}
	var buf bytes.Buffer
	if json.Compact(&buf, b) == nil {
		return buf.String()
	}
	return string(b)
}

// text is a JSON field read leniently as text (see looseText).
type text string

func (t *text) UnmarshalJSON(b []byte) error {
	*t = text(looseText(b))
	return nil
}

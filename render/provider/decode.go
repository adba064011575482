package provider

import (
	"encoding/json"
	"strings"
)

// errorEnvelope is the union of the error shapes the video APIs are known to
// send (reference/providers.md §1.0, §2.2, §3):
//
//	{"error":{"code":"insufficient_credit","message":"…"}}    HeyGen v3, v2, PixelDojo
//	{"error":"message","code":"insufficient_credits"}         PixelDojo (undocumented)
//	{"code":40119,"message":"…","detail":"…"}                 HeyGen v1
//	{"detail":[{"loc":["body","image_url"],"msg":"…"}]}       fal validation
//	{"detail":"…","error_type":"runner_server_error"}         fal infrastructure
type errorEnvelope struct {
	Error     json.RawMessage `json:"error"`
	Code      Code            `json:"code"`
	Message   text            `json:"message"`
	Msg       text            `json:"msg"`
	Detail    json.RawMessage `json:"detail"`
	ErrorType text            `json:"error_type"`
}

type errorObject struct {
	Code    Code            `json:"code"`
	Type    text            `json:"type"`
	Message text            `json:"message"`
	Detail  json.RawMessage `json:"detail"`
}

// DecodeError reads a provider code and message from an error body in any
// of the known envelopes. It returns empty strings for bodies that are not
// JSON objects (an HTML page from a proxy, say).
func DecodeError(body []byte) (code, message string) {
	var env errorEnvelope
	if json.Unmarshal(body, &env) != nil {
		return "", ""
	}
	msg := first(string(env.Message), string(env.Msg))
	detail := detailText(env.Detail)
	code = string(env.Code)
	if len(env.Error) > 0 && env.Error[0] == '{' {
		var obj errorObject
		if json.Unmarshal(env.Error, &obj) == nil {
			code = first(string(obj.Code), code, string(obj.Type))
			msg = first(string(obj.Message), msg)
			detail = first(detailText(obj.Detail), detail)
		}
	} else if s := looseText(env.Error); s != "" {
		msg = first(msg, s)
	}
	return first(code, string(env.ErrorType)), joinDetail(msg, detail)
}

// detailText flattens fal's detail, a string or a list of
// {"loc":[…],"msg":"…"} items, into one line.
func detailText(raw json.RawMessage) string {
	if len(raw) == 0 || raw[0] != '[' {
		return looseText(raw)
	}
	var items []struct {
		Loc []text `json:"loc"`
		Msg text   `json:"msg"`
	}
	if json.Unmarshal(raw, &items) != nil {
		return looseText(raw)
	}
	var parts []string
	for _, it := range items {
		loc := make([]string, 0, len(it.Loc))
		for _, l := range it.Loc {
			loc = append(loc, string(l))
		}
		p := string(it.Msg)
		if len(loc) > 0 {
			p = strings.Join(loc, ".") + ": " + p
		}
		parts = append(parts, p)
	}
	return strings.Join(parts, "; ")
}

// joinDetail keeps both the short message and the detail unless one already
// says the other.
func joinDetail(msg, detail string) string {
	switch {
	case detail == "" || strings.Contains(msg, detail):
		return msg
	case msg == "" || strings.Contains(detail, msg):
		return detail
	}
	return msg + ": " + detail
}

func first(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

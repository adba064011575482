package fake

import (
	"bytes"
	"encoding/json"
	"math"
	"slices"
	"sort"
	"strings"
)

// falIssue is one item of fal's 422 detail list, in the words of pydantic,
// which fal validates inputs with.
type falIssue struct {
	Loc  []string       `json:"loc"`
	Msg  string         `json:"msg"`
	Type string         `json:"type"`
	Ctx  map[string]any `json:"ctx,omitempty"`
}

// falInput is what the fake keeps of a valid input.
type falInput struct {
	aspect  string
	seconds int // output length the video will have, for billing
}

// falParams are seed 001's inputs and their kinds. fal refuses any other
// field (the brief's rule; pydantic's extra_forbidden).
var falParams = map[string]string{
	"image_url":     "url",
	"prompt":        "string",
	"voice":         "voice",
	"audio_url":     "url",
	"talking_style": "enum:stable,expressive",
	"expression":    "string",
	"background":    "background",
	"resolution":    "enum:360p,480p,540p,720p,1080p",
	"aspect_ratio":  "enum:16:9,9:16,1:1",
	"caption":       "bool",
}

// falWideAspects is aspect_ratio in fal's newer schema.
const falWideAspects = "enum:16:9,9:16,1:1,4:5,5:4,auto"

// falValidate checks an input as fal's 422 does, returning every issue.
func (f *Fal) falValidate(raw []byte) (falInput, []falIssue) {
	in := falInput{aspect: "16:9"}
	var m map[string]json.RawMessage
	if json.NewDecoder(bytes.NewReader(raw)).Decode(&m) != nil || m == nil {
		return in, []falIssue{{Loc: []string{"body"}, Msg: "Input should be a valid dictionary or object to extract fields from", Type: "model_attributes_type"}}
	}
	var issues []falIssue
	str := map[string]string{}
	for _, k := range falSorted(m) {
		kind, known := falParams[k]
		if k == "aspect_ratio" && f.opts.WideAspects {
			kind = falWideAspects
		}
		loc := []string{"body", k}
		switch {
		case !known:
			issues = append(issues, falIssue{Loc: loc, Msg: "Extra inputs are not permitted", Type: "extra_forbidden"})
		case kind == "bool":
			var b bool
			if json.Unmarshal(m[k], &b) != nil {
				issues = append(issues, falIssue{Loc: loc, Msg: "Input should be a valid boolean", Type: "bool_type"})
			}
		case kind == "background":
			issues = append(issues, falBackground(m[k])...)
		default:
			var s string
			if json.Unmarshal(m[k], &s) != nil {
				issues = append(issues, falIssue{Loc: loc, Msg: "Input should be a valid string", Type: "string_type"})
				continue
			}
			str[k] = s
			if is := f.falCheck(loc, kind, s); is != nil {
				issues = append(issues, *is)
			}
		}
	}
	if _, ok := m["image_url"]; !ok {
		issues = append(issues, falIssue{Loc: []string{"body", "image_url"}, Msg: "Field required", Type: "missing"})
	}
	if str["prompt"] == "" && str["audio_url"] == "" {
		issues = append(issues, falIssue{Loc: []string{"body"}, Msg: "Value error, either prompt or audio_url is required", Type: "value_error"})
	}
	if a, ok := str["aspect_ratio"]; ok {
		in.aspect = a
	}
	in.seconds = falSeconds(str["prompt"], str["audio_url"])
	return in, issues
}

// falCheck checks one string input of the given kind.
func (f *Fal) falCheck(loc []string, kind, v string) *falIssue {
	switch {
	case kind == "url":
		if !isURL(v) && !strings.HasPrefix(v, "data:") {
			return &falIssue{Loc: loc, Msg: "Input should be a valid URL or data URI", Type: "url_parsing"}
		}
	case kind == "voice":
		if f.opts.Voices != nil && !slices.Contains(f.opts.Voices, v) {
			return falEnumIssue(loc, f.opts.Voices)
		}
	case strings.HasPrefix(kind, "enum:"):
		if opts := strings.Split(kind[5:], ","); !slices.Contains(opts, v) {
			return falEnumIssue(loc, opts)
		}
	}
	return nil
}

// falBackground checks AvatarIVBackground: {type: color|image|video, value}.
func falBackground(raw json.RawMessage) []falIssue {
	loc := func(k ...string) []string { return append([]string{"body", "background"}, k...) }
	var bg map[string]json.RawMessage
	if json.Unmarshal(raw, &bg) != nil || bg == nil {
		return []falIssue{{Loc: loc(), Msg: "Input should be a valid dictionary or object to extract fields from", Type: "model_attributes_type"}}
	}
	var issues []falIssue
	str := map[string]string{"type": "color", "value": "#FFFFFF"}
	for _, k := range falSorted(bg) {
		var s string
		switch {
		case k != "type" && k != "value":
			issues = append(issues, falIssue{Loc: loc(k), Msg: "Extra inputs are not permitted", Type: "extra_forbidden"})
		case json.Unmarshal(bg[k], &s) != nil:
			issues = append(issues, falIssue{Loc: loc(k), Msg: "Input should be a valid string", Type: "string_type"})
		default:
			str[k] = s
		}
	}
	typ, value := str["type"], str["value"]
	switch {
	case !slices.Contains([]string{"color", "image", "video"}, typ):
		issues = append(issues, *falEnumIssue(loc("type"), []string{"color", "image", "video"}))
	case typ == "color" && !hexColor.MatchString(value):
		issues = append(issues, falIssue{Loc: loc("value"), Msg: "Value error, a color background needs a hex color such as #0A2540", Type: "value_error"})
	case typ != "color" && !isURL(value):
		issues = append(issues, falIssue{Loc: loc("value"), Msg: "Value error, a background of type " + typ + " needs a URL", Type: "value_error"})
	}
	return issues
}

// falEnumIssue words an enum miss as pydantic does: 'a', 'b' or 'c'.
func falEnumIssue(loc, opts []string) *falIssue {
	q := make([]string, len(opts))
	for i, o := range opts {
		q[i] = "'" + o + "'"
	}
	expected := q[len(q)-1]
	if len(q) > 1 {
		expected = strings.Join(q[:len(q)-1], ", ") + " or " + expected
	}
	return &falIssue{Loc: loc, Msg: "Input should be " + expected, Type: "enum", Ctx: map[string]any{"expected": expected}}
}

// falSeconds is how long the video will run: speech at 150 words a
// minute, or a 10 s guess for an audio file the fake does not fetch.
func falSeconds(prompt, audioURL string) int {
	if audioURL != "" {
		return 10
	}
	return max(1, int(math.Ceil(float64(len(strings.Fields(prompt)))/2.5)))
}

func falSorted(m map[string]json.RawMessage) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

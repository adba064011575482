package fake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"sort"
	"strings"

	"github.com/reel-dev/reel/internal/lazyregexp"
)

// pixelDojoRun is what the fake keeps of a valid run request.
type pixelDojoRun struct {
	aspect string
}

// pixelDojoParams are the documented inputs (seed 000) and their kinds;
// webhook_url is what PixelDojo's SDK adds. The model's published schema
// has additionalProperties:false, so anything else is refused.
var pixelDojoParams = map[string]string{
	"image":           "url",
	"prompt":          "string",
	"voice":           "voice",
	"talking_style":   "enum:stable,expressive",
	"expressionHappy": "bool",
	"backgroundType":  "enum:none,color,image,video",
	"backgroundValue": "string",
	"audio_url":       "url",
	"resolution":      "enum:360p,480p,540p,720p,1080p",
	"aspect_ratio":    "enum:16:9,9:16,1:1",
	"caption":         "bool",
	"webhook_url":     "url",
}

var hexColor = lazyregexp.New(`^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$`)

// validatePixelDojoRun checks a run body the way the API's 400
// invalid_request does, and returns every problem, not just the first.
func validatePixelDojoRun(raw []byte, voices []string) (pixelDojoRun, []string) {
	run := pixelDojoRun{aspect: "16:9"}
	var in map[string]json.RawMessage
	dec := json.NewDecoder(bytes.NewReader(raw))
	if err := dec.Decode(&in); err != nil || in == nil {
		return run, []string{"body must be a JSON object"}
	}
	var problems []string
	names := make([]string, 0, len(in))
	for k := range in {
		names = append(names, k)
	}
	sort.Strings(names)
	str := map[string]string{}
	for _, k := range names {
		kind, known := pixelDojoParams[k]
		if !known {
			problems = append(problems, fmt.Sprintf("unknown parameter %q", k))
			continue
		}
		if kind == "bool" {
			var b bool
			if json.Unmarshal(in[k], &b) != nil {
				problems = append(problems, k+" must be a boolean")
			}
			continue
		}
		var s string
		if json.Unmarshal(in[k], &s) != nil {
			problems = append(problems, k+" must be a string")
			continue
		}
		str[k] = s
		if p := checkKind(k, kind, s, voices); p != "" {
			problems = append(problems, p)
		}
	}
	if _, ok := in["image"]; !ok {
		problems = append(problems, "image is required")
	}
	if str["prompt"] == "" && str["audio_url"] == "" {
		problems = append(problems, "prompt is required unless audio_url is provided")
	}
	problems = append(problems, checkBackground(str["backgroundType"], str["backgroundValue"])...)
	if a, ok := str["aspect_ratio"]; ok {
		run.aspect = a
	}
	return run, problems
}

func checkKind(name, kind, v string, voices []string) string {
	switch {
	case kind == "url":
		if !isURL(v) {
			return name + " must be an http(s) URL"
		}
	case kind == "voice":
		if v == "" || (voices != nil && !slices.Contains(voices, v)) {
			return fmt.Sprintf("voice %q is not one of the available voices", v)
		}
	case strings.HasPrefix(kind, "enum:"):
		if !slices.Contains(strings.Split(kind[5:], ","), v) {
			return fmt.Sprintf("%s must be one of %s, not %q", name, kind[5:], v)
		}
	}
	return ""
}

func checkBackground(typ, value string) []string {
	switch typ {
	case "color":
		if !hexColor.MatchString(value) {
			return []string{"backgroundValue must be a hex color when backgroundType is color"}
		}
	case "image", "video":
		if !isURL(value) {
			return []string{"backgroundValue must be a URL when backgroundType is " + typ}
		}
	}
	return nil
}

func isURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != ""
}

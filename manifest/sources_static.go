package manifest

import (
	"encoding/json"
	"strings"
)

// staticField is the manifest field an API builds a request field from,
// as far as it can be told without the manifest: a request kept from an
// earlier render has no Sources. Copied says the request holds the
// manifest's value as written, so the same field of two APIs' requests
// can be compared.
type staticField struct {
	field  string // "scenes[#].script": # is the request path's index, 0 if it has none
	copied bool
}

// staticFields is, per API, what its builder writes at each request path
// (its indices written [#]). TestStaticFieldsAgreeWithBuilders holds it to
// the builders' own notes.
var staticFields = map[string]map[string]staticField{
	"v3":    v3Fields(),
	"v2":    v2Fields,
	"av4":   av4Fields,
	"queue": falFields,
	"v1":    pixeldojoFields,
}

// v3Speaker is what v3 sets for one speaker: at the top of a one-scene
// video, and in each studio scene's input.
var v3Speaker = map[string]staticField{
	"type":                  {"avatar", false},
	"image":                 {"avatar.image", false},
	"image.asset_id":        {"avatar.image", true},
	"image.url":             {"avatar.image", true},
	"avatar_id":             {"avatar", false},
	"engine":                {"avatar.engine", false},
	"engine.type":           {"avatar.engine", true},
	"expressiveness":        {"style", false},
	"motion_prompt":         {"scenes[#].motion", true},
	"audio_asset_id":        {"scenes[#].audio", true},
	"audio_url":             {"scenes[#].audio", true},
	"script":                {"scenes[#].script", true},
	"voice_id":              {"voice.id", true},
	"voice_settings":        {"voice", false},
	"voice_settings.speed":  {"voice.speed", true},
	"voice_settings.pitch":  {"voice.pitch", true},
	"voice_settings.locale": {"voice.locale", true},
}

func v3Fields() map[string]staticField {
	t := map[string]staticField{
		"aspect_ratio":                     {"dimension.aspect", true},
		"resolution":                       {"dimension.resolution", true},
		"caption":                          {"captions", false},
		"output_format":                    {"output", false},
		"fit":                              {"avatar.fit", true},
		"scenes":                           {"scenes", false},
		"scenes[#]":                        {"scenes[#]", false},
		"scenes[#].input":                  {"scenes[#]", false},
		"scenes[#].source":                 {"scenes[#].silence", false},
		"scenes[#].source.type":            {"avatar.image", false},
		"scenes[#].source.asset_id":        {"avatar.image", true},
		"scenes[#].source.url":             {"avatar.image", true},
		"scenes[#].duration":               {"scenes[#].silence", true},
		"background":                       {"background", false},
		"background.type":                  {"background", false},
		"background.value":                 {"background.color", true},
		"background.asset_id":              {"background.image", true},
		"background.url":                   {"background.image", true},
		"scenes[#].input.background":       {"background", false},
		"scenes[#].input.background.type":  {"background", false},
		"scenes[#].input.background.color": {"background.color", true},
	}
	for k, f := range v3Speaker {
		t[k] = f
		if k != "type" {
			t["scenes[#].input."+k] = f
		}
	}
	t["scenes[#].input.type"] = staticField{"avatar", false}
	return t
}

var v2Fields = map[string]staticField{
	"dimension":                           {"dimension", false},
	"caption":                             {"captions", false},
	"video_inputs":                        {"scenes", false},
	"video_inputs[#]":                     {"scenes[#]", false},
	"video_inputs[#].character":           {"avatar", false},
	"video_inputs[#].character.avatar_id": {"avatar.id", true},
	"video_inputs[#].character.talking_photo_id": {"avatar.talking_photo", true},
	"video_inputs[#].character.avatar_style":     {"avatar.style", true},
	"video_inputs[#].character.talking_style":    {"style.talking_style", true},
	"video_inputs[#].character.expression":       {"style.expression", true},
	"video_inputs[#].character.scale":            {"avatar.scale", true},
	"video_inputs[#].character.offset":           {"avatar.offset", false},
	"video_inputs[#].voice":                      {"scenes[#]", false},
	"video_inputs[#].voice.duration":             {"scenes[#].silence", true},
	"video_inputs[#].voice.audio_asset_id":       {"scenes[#].audio", true},
	"video_inputs[#].voice.audio_url":            {"scenes[#].audio", true},
	"video_inputs[#].voice.input_text":           {"scenes[#].script", true},
	"video_inputs[#].voice.voice_id":             {"voice.id", true},
	"video_inputs[#].voice.speed":                {"voice.speed", true},
	"video_inputs[#].voice.pitch":                {"voice.pitch", true},
	"video_inputs[#].voice.emotion":              {"voice.emotion", true},
	"video_inputs[#].voice.locale":               {"voice.locale", true},
	"video_inputs[#].background":                 {"background", false},
	"video_inputs[#].background.value":           {"background.color", true},
	"video_inputs[#].background.image_asset_id":  {"background.image", true},
	"video_inputs[#].background.video_asset_id":  {"background.video", true},
	"video_inputs[#].background.play_style":      {"background.play_style", true},
	"video_inputs[#].background.fit":             {"background.fit", true},
}

var av4Fields = map[string]staticField{
	"image_key":                              {"avatar", false},
	"dimension":                              {"dimension", false},
	"caption":                                {"captions", false},
	"voice_id":                               {"voice.id", true},
	"scenes":                                 {"scenes", false},
	"scenes[#]":                              {"scenes[#]", false},
	"scenes[#].script":                       {"scenes[#].script", true},
	"scenes[#].talking_style":                {"style.talking_style", true},
	"scenes[#].emotion":                      {"voice.emotion", true},
	"scenes[#].custom_motion_prompt":         {"scenes[#].motion", true},
	"scenes[#].enhance_custom_motion_prompt": {"scenes[#].enhance_motion", false},
}

// resellerFields are the fields fal and PixelDojo share.
var resellerFields = map[string]staticField{
	"talking_style": {"style.talking_style", true},
	"resolution":    {"dimension.resolution", true},
	"aspect_ratio":  {"dimension.aspect", true},
	"caption":       {"captions", false},
	"audio_url":     {"scenes[#].audio", true},
	"prompt":        {"scenes[#].script", true},
	"voice":         {"voice.name", true},
}

var falFields = withReseller(map[string]staticField{
	"image_url":  {"avatar.image", true},
	"expression": {"style.expression", false},
	"background": {"background", false},
})

var pixeldojoFields = withReseller(map[string]staticField{
	"image":           {"avatar.image", true},
	"expressionHappy": {"style.expression", false},
	"backgroundType":  {"background", false},
	"backgroundValue": {"background", false},
})

func withReseller(t map[string]staticField) map[string]staticField {
	for k, f := range resellerFields {
		t[k] = f
	}
	return t
}

// StaticField names the manifest field api builds the request field at
// path from, as far as the API alone tells: "" if it builds nothing there.
func StaticField(api, path string) string {
	f, _ := staticLookup(api, path)
	return f.field
}

// staticLookup finds path's entry, or its nearest ancestor's, with the
// path's index put in.
func staticLookup(api, path string) (staticField, bool) {
	general, index := generalize(path)
	for p := general; p != ""; p = parentPath(p) {
		if f, ok := staticFields[api][p]; ok {
			f.field = strings.Replace(f.field, "#", index, 1)
			return f, p == general
		}
	}
	return staticField{}, false
}

// generalize writes path's list indices as [#] and returns the first one
// ("0" if it has none: a one-scene request speaks for scene 0).
func generalize(path string) (string, string) {
	var out strings.Builder
	index := ""
	for {
		open := strings.IndexByte(path, '[')
		if open < 0 {
			break
		}
		end := strings.IndexByte(path[open:], ']')
		if end < 0 {
			break
		}
		if index == "" {
			index = path[open+1 : open+end]
		}
		out.WriteString(path[:open] + "[#]")
		path = path[open+end+1:]
	}
	out.WriteString(path)
	if index == "" {
		index = "0"
	}
	return out.String(), index
}

// Copies is, for a decoded request body of api, the value (as JSON) of
// each manifest field the body holds as written, by the field's name: what
// two requests of different APIs can be compared on. A field whose copies
// disagree (a scene with its own voice) is left out: it cannot be told.
func Copies(api string, body any) map[string]string {
	out := map[string]string{}
	mixed := map[string]bool{}
	var visit func(path string, v any)
	visit = func(path string, v any) {
		switch v := v.(type) {
		case map[string]any:
			for k, x := range v {
				visit(JoinPath(path, k), x)
			}
		case []any:
			for i, x := range v {
				visit(IndexPath(path, i), x)
			}
		default:
			f, exact := staticLookup(api, path)
			if !exact || !f.copied {
				return
			}
			value, _ := json.Marshal(v)
			if was, ok := out[f.field]; ok && was != string(value) {
				mixed[f.field] = true
			}
			out[f.field] = string(value)
		}
	}
	visit("", body)
	for f := range mixed {
		delete(out, f)
	}
	return out
}

package manifest

import "strconv"

// The tables below are, per request format (Format.fields), the manifest
// field its builder (request*.go) writes at each request path, indices
// written [#]: a path not listed is named by its nearest listed ancestor.
// TestFieldTablesCoverRequests holds the tables to the requests the
// builders make.

// v3Speaker is what v3 sets for one speaker: at the top of a one-scene
// video, and in each studio scene's input.
var v3Speaker = map[string]requestField{
	"image":                 {"avatar.image", false, nil},
	"image.asset_id":        {"avatar.image", true, nil},
	"image.url":             {"avatar.image", true, nil},
	"avatar_id":             {"avatar", false, byAvatar},
	"engine":                {"avatar.engine", false, nil},
	"engine.type":           {"avatar.engine", true, nil},
	"expressiveness":        {"style", false, byExpressiveness},
	"motion_prompt":         {"scenes[#].motion", true, nil},
	"audio_asset_id":        {"scenes[#].audio", true, nil},
	"audio_url":             {"scenes[#].audio", true, nil},
	"script":                {"scenes[#].script", true, nil},
	"voice_id":              {"voice.id", true, byVoice("id")},
	"voice_settings":        {"voice", false, nil},
	"voice_settings.speed":  {"voice.speed", true, byVoice("speed")},
	"voice_settings.pitch":  {"voice.pitch", true, byVoice("pitch")},
	"voice_settings.locale": {"voice.locale", true, byVoice("locale")},
}

func v3Fields() map[string]requestField {
	t := map[string]requestField{
		"type":                             {"avatar", false, v3Type},
		"aspect_ratio":                     {"dimension.aspect", true, byDimension("aspect")},
		"resolution":                       {"dimension.resolution", true, byDimension("resolution")},
		"caption":                          {"captions", false, nil},
		"output_format":                    {"output", false, nil},
		"fit":                              {"avatar.fit", true, nil},
		"background":                       {"background", false, byBackground("")},
		"background.value":                 {"background.color", true, byBackground("")},
		"background.asset_id":              {"background.image", true, byBackground("")},
		"background.url":                   {"background.image", true, byBackground("")},
		"scenes":                           {"scenes", false, nil},
		"scenes[#]":                        {"scenes[#]", false, nil},
		"scenes[#].type":                   {"scenes[#]", false, bySceneKind},
		"scenes[#].source":                 {"scenes[#].silence", false, nil},
		"scenes[#].source.type":            {"avatar.image", false, nil},
		"scenes[#].source.asset_id":        {"avatar.image", true, nil},
		"scenes[#].source.url":             {"avatar.image", true, nil},
		"scenes[#].duration":               {"scenes[#].silence", true, nil},
		"scenes[#].input":                  {"scenes[#]", false, nil},
		"scenes[#].input.type":             {"avatar", false, byAvatar},
		"scenes[#].input.background":       {"background", false, byBackground("")},
		"scenes[#].input.background.color": {"background.color", true, byBackground("")},
	}
	for k, f := range v3Speaker {
		t[k] = f
		t["scenes[#].input."+k] = f
	}
	return t
}

var v2Fields = map[string]requestField{
	"dimension":                           {"dimension", false, nil},
	"caption":                             {"captions", false, nil},
	"video_inputs":                        {"scenes", false, nil},
	"video_inputs[#]":                     {"scenes[#]", false, nil},
	"video_inputs[#].character":           {"avatar", false, byAvatar},
	"video_inputs[#].character.avatar_id": {"avatar.id", true, nil},
	"video_inputs[#].character.talking_photo_id": {"avatar.talking_photo", true, nil},
	"video_inputs[#].character.avatar_style":     {"avatar.style", true, nil},
	"video_inputs[#].character.talking_style":    {"style.talking_style", true, byTalkingStyle},
	"video_inputs[#].character.expression":       {"style.expression", true, nil},
	"video_inputs[#].character.scale":            {"avatar.scale", true, nil},
	"video_inputs[#].character.offset":           {"avatar.offset", false, nil},
	"video_inputs[#].voice":                      {"scenes[#]", false, bySceneKind},
	"video_inputs[#].voice.duration":             {"scenes[#].silence", true, nil},
	"video_inputs[#].voice.audio_asset_id":       {"scenes[#].audio", true, nil},
	"video_inputs[#].voice.audio_url":            {"scenes[#].audio", true, nil},
	"video_inputs[#].voice.input_text":           {"scenes[#].script", true, nil},
	"video_inputs[#].voice.voice_id":             {"voice.id", true, byVoice("id")},
	"video_inputs[#].voice.speed":                {"voice.speed", true, byVoice("speed")},
	"video_inputs[#].voice.pitch":                {"voice.pitch", true, byVoice("pitch")},
	"video_inputs[#].voice.emotion":              {"voice.emotion", true, byEmotion},
	"video_inputs[#].voice.locale":               {"voice.locale", true, byVoice("locale")},
	"video_inputs[#].background":                 {"background", false, byBackground("")},
	"video_inputs[#].background.value":           {"background.color", true, byBackground("")},
	"video_inputs[#].background.image_asset_id":  {"background.image", true, byBackground("")},
	"video_inputs[#].background.video_asset_id":  {"background.video", true, byBackground("")},
	"video_inputs[#].background.play_style":      {"background.play_style", true, byBackground("play_style")},
	"video_inputs[#].background.fit":             {"background.fit", true, byBackground("fit")},
}

var av4Fields = map[string]requestField{
	"image_key":                              {"avatar", false, byAvatar},
	"dimension":                              {"dimension", false, nil},
	"caption":                                {"captions", false, nil},
	"voice_id":                               {"voice.id", true, nil},
	"scenes":                                 {"scenes", false, nil},
	"scenes[#]":                              {"scenes[#]", false, nil},
	"scenes[#].script":                       {"scenes[#].script", true, nil},
	"scenes[#].talking_style":                {"style.talking_style", true, byTalkingStyle},
	"scenes[#].emotion":                      {"voice.emotion", true, byEmotion},
	"scenes[#].custom_motion_prompt":         {"scenes[#].motion", true, nil},
	"scenes[#].enhance_custom_motion_prompt": {"scenes[#].enhance_motion", false, nil},
}

// resellerFields are the fields of fal's and PixelDojo's one-scene bodies
// they share.
var resellerFields = map[string]requestField{
	"talking_style": {"style.talking_style", true, byTalkingStyle},
	"resolution":    {"dimension.resolution", true, byDimension("resolution")},
	"aspect_ratio":  {"dimension.aspect", true, byDimension("aspect")},
	"caption":       {"captions", false, nil},
	"audio_url":     {"scenes[#].audio", true, nil},
	"prompt":        {"scenes[#].script", true, nil},
	"voice":         {"voice.name", true, byVoice("name")},
}

var falFields = map[string]requestField{
	"image_url":  {"avatar.image", true, nil},
	"expression": {"style.expression", false, nil},
	"background": {"background", false, byBackground("")},
}

var pixeldojoFields = map[string]requestField{
	"image":           {"avatar.image", true, nil},
	"expressionHappy": {"style.expression", false, nil},
	"backgroundType":  {"background", false, byBackground("")},
	"backgroundValue": {"background", false, byBackground("")},
}

func withReseller(t map[string]requestField) map[string]requestField {
	for k, f := range resellerFields {
		t[k] = f
	}
	return t
}

// byVoice names scene i's voice field: the scene's own, else the video's.
func byVoice(field string) func(v *Video, i int) string {
	return func(v *Video, i int) string {
		if s := v.Scenes[i].Voice; s != nil && voiceSets(s, field) {
			return fieldPath("scenes", strconv.Itoa(i), "voice", field)
		}
		return "voice." + field
	}
}

// voiceSets reports whether a voice sets field.
func voiceSets(s *Voice, field string) bool {
	switch field {
	case "id":
		return s.ID != ""
	case "name":
		return s.Name != ""
	case "speed":
		return s.Speed != nil
	case "pitch":
		return s.Pitch != nil
	}
	return s.Locale != ""
}

func byEmotion(v *Video, i int) string { return fieldPath(emotionPath(v, i)...) }

func byTalkingStyle(v *Video, i int) string { return fieldPath(talkingStylePath(v, i)...) }

// talkingStylePath is where scene i's talking style was set.
func talkingStylePath(v *Video, i int) []string {
	if v.Scenes[i].TalkingStyle != "" {
		return sceneP(i, "talking_style")
	}
	return []string{"style", "talking_style"}
}

// byAvatar names the field the video names its avatar with.
func byAvatar(v *Video, _ int) string {
	switch {
	case v.Avatar.Image != "":
		return "avatar.image"
	case v.Avatar.ID != "":
		return "avatar.id"
	case v.Avatar.Photo != "" && v.Avatar.Look != "":
		return "avatar.look"
	case v.Avatar.Photo != "":
		return "avatar.photo"
	}
	return "avatar.talking_photo"
}

// byExpressiveness names what v3's expressiveness was taken from: the
// style's expressiveness, else the talking style.
func byExpressiveness(v *Video, i int) string {
	if v.Style.Expressiveness != "" {
		return "style.expressiveness"
	}
	return byTalkingStyle(v, i)
}

// byDimension names a preset's field, or dimension for a frame given as
// width and height.
func byDimension(field string) func(v *Video, i int) string {
	return func(v *Video, _ int) string {
		if v.Dimension.Width > 0 {
			return "dimension"
		}
		return "dimension." + field
	}
}

// byBackground names scene i's background field: sub, or the field it is
// given by (color, image or video) when sub is "".
func byBackground(sub string) func(v *Video, i int) string {
	return func(v *Video, i int) string {
		bg, p := v.sceneBackground(i)
		switch {
		case bg == nil:
		case sub != "":
			p = append(p, sub)
		case bg.Color != "":
			p = append(p, "color")
		case bg.Image != "":
			p = append(p, "image")
		default:
			p = append(p, "video")
		}
		return fieldPath(p...)
	}
}

// bySceneKind names what scene i is: its script, audio or silence.
func bySceneKind(v *Video, i int) string {
	s := v.Scenes[i]
	switch {
	case s.Silence != nil:
		return fieldPath(sceneP(i, "silence")...)
	case s.Audio != "":
		return fieldPath(sceneP(i, "audio")...)
	}
	return fieldPath(sceneP(i, "script")...)
}

// v3Type names what a v3 body's type says: the avatar's kind for one
// scene, a studio video for several (or a silence).
func v3Type(v *Video, i int) string {
	if len(v.Scenes) > 1 || v.Scenes[0].Silence != nil {
		return "scenes"
	}
	return byAvatar(v, i)
}

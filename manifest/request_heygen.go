package manifest

// HeyGen request bodies: v3 (POST /v3/videos, as reference/heygen-v3-api.json
// has it), v2 (POST /v2/video/generate, seed 004) and Avatar IV
// (POST /v2/video/av4/generate, seed 003).

// heygenV3 builds an avatar or image video for one scene, and a studio
// video (whole-frame scenes) for several, or for a silence.
func (b *builder) heygenV3() map[string]any {
	v := b.v
	b.commonV3()
	aspect, res := b.aspectResolution("720p", "1080p", "4k")
	body := map[string]any{"aspect_ratio": aspect, "resolution": res}
	if v.Title != "" {
		body["title"] = v.Title
	}
	switch v.Captions {
	case SidecarCaptions:
		body["caption"] = map[string]any{"file_format": "srt"}
	case BurnInCaptions:
		body["caption"] = map[string]any{"file_format": "srt", "style": "default"}
	}
	studio := len(v.Scenes) > 1 || v.Scenes[0].Silence != nil
	if !studio {
		return b.v3Single(body)
	}
	b.unsupported(v.webm(), []string{"output"}, "WebM output for several scenes", "render one scene, or write .mp4")
	b.unsupported(v.Avatar.Fit != "", []string{"avatar", "fit"}, "fit for several scenes", "render one scene")
	scenes := make([]any, len(v.Scenes))
	for i := range v.Scenes {
		scenes[i] = b.v3Scene(i)
	}
	body["type"] = "studio"
	body["scenes"] = scenes
	return body
}

// commonV3 refuses what no v3 request can carry.
func (b *builder) commonV3() {
	v := b.v
	instead := b.instead("use api v2 in reel.yaml (providers.heygen.api)")
	b.unsupported(v.Avatar.Style != "", []string{"avatar", "style"}, "avatar style", instead)
	b.unsupported(v.Avatar.Scale != nil, []string{"avatar", "scale"}, "avatar scale", instead)
	b.unsupported(v.Avatar.Offset != nil, []string{"avatar", "offset"}, "avatar offset", instead)
	b.unsupported(v.Style.Expression == "happy", []string{"style", "expression"}, "expression", "use provider fal or pixeldojo")
	for i := range v.Scenes {
		voice := v.sceneVoice(i)
		if voice.Emotion != "" {
			b.fail(emotionPath(v, i), "%s has no voice emotion: remove it, or use api v2 or av4 in reel.yaml (providers.heygen.api)", b.api)
		}
		b.unsupported(v.Scenes[i].EnhanceMotion != nil && *v.Scenes[i].EnhanceMotion, sceneP(i, "enhance_motion"), "enhance_motion", "use api av4 in reel.yaml (providers.heygen.api)")
	}
}

// voicePath is where scene i's voice field was set: the scene's voice
// override, else the video's voice.
func voicePath(v *Video, i int, field string) []string {
	if s := v.Scenes[i].Voice; s != nil {
		if n, d := v.tree.Lookup(sceneP(i, "voice", field)); d == 4 && !n.IsNull() {
			return sceneP(i, "voice", field)
		}
	}
	return []string{"voice", field}
}

// emotionPath is where scene i's emotion was set.
func emotionPath(v *Video, i int) []string {
	s := v.Scenes[i]
	switch {
	case s.Emotion != "":
		return sceneP(i, "emotion")
	case s.Voice != nil && s.Voice.Emotion != "":
		return sceneP(i, "voice", "emotion")
	}
	return []string{"voice", "emotion"}
}

func (b *builder) v3Single(body map[string]any) map[string]any {
	v := b.v
	if v.webm() {
		body["output_format"] = "webm"
		if v.Background != nil {
			b.fail([]string{"background"}, "a WebM output has a transparent background: remove background, or write .mp4")
		}
	}
	if !b.v3Avatar(body, 0) {
		return body
	}
	b.v3Speech(body, 0)
	if bg := b.v3Background(0); bg != nil {
		body["background"] = bg
	}
	if v.Avatar.Fit != "" {
		body["fit"] = v.Avatar.Fit
	}
	return body
}

// v3Avatar sets the avatar of a single video or a studio scene input and
// reports whether it is usable.
func (b *builder) v3Avatar(m map[string]any, i int) bool {
	a := b.v.Avatar
	switch {
	case a.Image != "":
		m["type"] = "image"
		m["image"] = b.v3Asset(ImageMedia, "avatar", "image")
	case a.ID != "":
		m["type"], m["avatar_id"] = "avatar", a.ID
	default:
		m["type"], m["avatar_id"] = "avatar", b.talkingPhoto() // a photo avatar look id in v3
	}
	if a.Engine != "" {
		if a.Image != "" {
			b.fail([]string{"avatar", "engine"}, "%s picks the engine for an avatar id, not an image: remove engine", b.api)
		}
		m["engine"] = map[string]any{"type": a.Engine}
	}
	if e := b.v3Expressiveness(i); e != "" {
		m["expressiveness"] = e
	}
	if s := b.v.Scenes[i]; s.Motion != "" {
		m["motion_prompt"] = s.Motion
	}
	return true
}

// v3Expressiveness maps the style: expressiveness if given, else an
// expressive talking style asks for high (v3 has no talking_style).
func (b *builder) v3Expressiveness(i int) string {
	if e := b.v.Style.Expressiveness; e != "" {
		return e
	}
	if b.v.sceneTalkingStyle(i) == "expressive" {
		return "high"
	}
	return ""
}

// v3Asset is an AssetUrl or AssetId object.
func (b *builder) v3Asset(kind MediaKind, path ...string) map[string]any {
	ref, local := b.ref(kind, path...)
	if local {
		return map[string]any{"type": "asset_id", "asset_id": ref}
	}
	return map[string]any{"type": "url", "url": ref}
}

// v3Speech sets script and voice, or the audio to lip-sync, of scene i.
func (b *builder) v3Speech(m map[string]any, i int) {
	s := b.v.Scenes[i]
	if s.Audio != "" {
		ref, local := b.ref(AudioMedia, sceneP(i, "audio")...)
		if local {
			m["audio_asset_id"] = ref
		} else {
			m["audio_url"] = ref
		}
		return
	}
	voice := b.v.sceneVoice(i)
	m["script"] = s.Script
	if voice.ID != "" {
		m["voice_id"] = voice.ID
	} else if b.v.Avatar.Image != "" {
		b.fail(sceneP(i, "script"), "a script spoken by an image avatar needs a voice: set voice.id (list them with `reel voices`)")
	}
	vs := map[string]any{"speed": speed(voice), "pitch": pitch(voice)}
	if voice.Locale != "" {
		vs["locale"] = voice.Locale
	}
	m["voice_settings"] = vs
}

func (b *builder) v3Background(i int) map[string]any {
	bg, p := b.v.sceneBackground(i)
	switch {
	case bg == nil:
		return nil
	case bg.Color != "":
		return map[string]any{"type": "color", "value": bg.Color}
	case bg.Image != "":
		ref, local := b.ref(ImageMedia, append(p, "image")...)
		if local {
			return map[string]any{"type": "image", "asset_id": ref}
		}
		return map[string]any{"type": "image", "url": ref}
	}
	b.fail(append(p, "video"), "%s takes color or image backgrounds: use an image, or api v2 in reel.yaml for a video background", b.api)
	return nil
}

// v3Scene is one whole-frame studio scene.
func (b *builder) v3Scene(i int) map[string]any {
	v := b.v
	s := v.Scenes[i]
	if s.Silence != nil {
		if v.Avatar.Image == "" {
			b.fail(sceneP(i, "silence"), "%s holds silence on a still image only: use avatar.image, an audio file of silence, or api v2", b.api)
			return nil
		}
		return map[string]any{"type": "image", "source": b.v3Asset(ImageMedia, "avatar", "image"), "duration": *s.Silence}
	}
	input := map[string]any{}
	b.v3Avatar(input, i)
	b.v3Speech(input, i)
	bg, p := v.sceneBackground(i)
	switch {
	case bg == nil:
	case bg.Color == "":
		b.fail(p, "%s scenes take color backgrounds only (HeyGen's studio API): use a color, or one scene", b.api)
	case v.Avatar.Image != "":
		b.fail(p, "%s has no background for image scenes: remove it, or use an avatar id", b.api)
	default:
		input["background"] = map[string]any{"type": "color", "color": bg.Color}
	}
	return map[string]any{"type": "avatar_video", "input": input}
}

// heygenV2 builds video_inputs, one per scene.
func (b *builder) heygenV2() map[string]any {
	v := b.v
	instead := b.instead("use api v3 or av4 in reel.yaml (providers.heygen.api)")
	b.unsupported(v.Avatar.Image != "", []string{"avatar", "image"}, "image avatars (it needs a HeyGen avatar or talking photo id)", instead)
	b.unsupported(v.Avatar.Fit != "", []string{"avatar", "fit"}, "avatar fit", instead)
	b.unsupported(v.Avatar.Engine != "", []string{"avatar", "engine"}, "engine choice", instead)
	b.unsupported(v.Style.Expressiveness != "", []string{"style", "expressiveness"}, "expressiveness", instead)
	b.unsupported(v.webm(), []string{"output"}, "WebM output", "write .mp4, or use api v3")
	w, h := b.widthHeight()
	inputs := make([]any, len(v.Scenes))
	for i := range v.Scenes {
		b.unsupported(v.Scenes[i].Motion != "", sceneP(i, "motion"), "motion prompts", instead)
		b.unsupported(v.Scenes[i].EnhanceMotion != nil, sceneP(i, "enhance_motion"), "motion prompts", instead)
		in := map[string]any{"character": b.v2Character(i), "voice": b.v2Voice(i)}
		if bg := b.v2Background(i); bg != nil {
			in["background"] = bg
		}
		inputs[i] = in
	}
	body := map[string]any{
		"video_inputs": inputs,
		"dimension":    map[string]any{"width": w, "height": h},
		"caption":      v.Captions != NoCaptions,
	}
	if v.Title != "" {
		body["title"] = v.Title
	}
	return body
}

func (b *builder) v2Character(i int) map[string]any {
	a := b.v.Avatar
	c := map[string]any{"scale": 1.0, "offset": map[string]any{"x": 0.0, "y": 0.0}}
	if a.Scale != nil {
		c["scale"] = *a.Scale
	}
	if a.Offset != nil {
		c["offset"] = map[string]any{"x": a.Offset.X, "y": a.Offset.Y}
	}
	if a.TalkingPhoto != "" {
		c["type"], c["talking_photo_id"] = "talking_photo", a.TalkingPhoto
		c["talking_style"] = b.v.sceneTalkingStyle(i)
		c["expression"] = cmpOr(b.v.Style.Expression, "default")
		b.unsupported(a.Style != "", []string{"avatar", "style"}, "avatar style for talking photos", "")
		return c
	}
	c["type"], c["avatar_id"] = "avatar", a.ID
	c["avatar_style"] = cmpOr(a.Style, "normal")
	b.unsupported(b.v.sceneTalkingStyle(i) != "stable", []string{"style", "talking_style"}, "talking style for avatars (talking photos only)", "")
	b.unsupported(b.v.Style.Expression == "happy", []string{"style", "expression"}, "expression for avatars (talking photos only)", "")
	return c
}

func (b *builder) v2Voice(i int) map[string]any {
	s := b.v.Scenes[i]
	switch {
	case s.Silence != nil:
		return map[string]any{"type": "silence", "duration": *s.Silence}
	case s.Audio != "":
		ref, local := b.ref(AudioMedia, sceneP(i, "audio")...)
		if local {
			return map[string]any{"type": "audio", "audio_asset_id": ref}
		}
		return map[string]any{"type": "audio", "audio_url": ref}
	}
	voice := b.v.sceneVoice(i)
	if voice.ID == "" {
		b.fail(sceneP(i, "script"), "%s needs a voice for a script: set voice.id (list them with `reel voices`)", b.api)
	}
	m := map[string]any{"type": "text", "input_text": s.Script, "voice_id": voice.ID, "speed": speed(voice), "pitch": pitch(voice)}
	if voice.Emotion != "" {
		m["emotion"] = voice.Emotion
	}
	if voice.Locale != "" {
		m["locale"] = voice.Locale
	}
	return m
}

func (b *builder) v2Background(i int) map[string]any {
	bg, p := b.v.sceneBackground(i)
	switch {
	case bg == nil:
		return nil
	case bg.Color != "":
		return map[string]any{"type": "color", "value": bg.Color}
	case bg.Image != "":
		m := map[string]any{"type": "image"}
		if ref, local := b.ref(ImageMedia, append(p, "image")...); local {
			m["image_asset_id"] = ref
		} else {
			m["url"] = ref
		}
		if bg.Fit != "" {
			m["fit"] = bg.Fit
		}
		return m
	}
	m := map[string]any{"type": "video", "play_style": cmpOr(bg.PlayStyle, "loop")}
	if ref, local := b.ref(VideoMedia, append(p, "video")...); local {
		m["video_asset_id"] = ref
	} else {
		m["url"] = ref
	}
	if bg.Fit != "" {
		m["fit"] = bg.Fit
	}
	return m
}

// heygenAV4 builds the Avatar IV body of seed 003: one portrait, one
// voice, scripted scenes with motion prompts.
func (b *builder) heygenAV4() map[string]any {
	v := b.v
	instead := b.instead("use api v3 in reel.yaml (providers.heygen.api)")
	b.unsupported(v.Avatar.ID != "", []string{"avatar", "id"}, "avatar ids (it animates a portrait: avatar.image or avatar.talking_photo)", instead)
	b.unsupported(v.Avatar.Style != "", []string{"avatar", "style"}, "avatar style", "")
	b.unsupported(v.Avatar.Scale != nil, []string{"avatar", "scale"}, "avatar scale", "")
	b.unsupported(v.Avatar.Offset != nil, []string{"avatar", "offset"}, "avatar offset", "")
	b.unsupported(v.Avatar.Fit != "", []string{"avatar", "fit"}, "avatar fit", instead)
	b.unsupported(v.Avatar.Engine != "", []string{"avatar", "engine"}, "engine choice", instead)
	b.unsupported(v.Style.Expression == "happy", []string{"style", "expression"}, "expression", "use provider fal or pixeldojo")
	b.unsupported(v.Style.Expressiveness != "", []string{"style", "expressiveness"}, "expressiveness", instead)
	b.unsupported(v.Background != nil, []string{"background"}, "background", instead)
	b.unsupported(v.webm(), []string{"output"}, "WebM output", "write .mp4")
	body := map[string]any{}
	if v.Avatar.Image != "" {
		body["image_key"], _ = b.ref(ImageMedia, "avatar", "image")
	} else {
		body["image_key"] = b.talkingPhoto()
	}
	w, h := b.widthHeight()
	body["dimension"] = map[string]any{"width": w, "height": h}
	body["caption"] = v.Captions != NoCaptions
	// video_title is required by the endpoint; it names the video in
	// HeyGen's dashboard and is left out of the render key.
	body["video_title"] = cmpOr(v.Title, v.ID)
	body["voice_id"] = v.Voice.ID
	if v.Voice.ID == "" {
		b.fail([]string{"voice"}, "%s needs one voice for the whole video: set voice.id (list them with `reel voices`)", b.api)
	}
	scenes := make([]any, len(v.Scenes))
	for i := range v.Scenes {
		scenes[i] = b.av4Scene(i)
	}
	body["scenes"] = scenes
	return body
}

func (b *builder) av4Scene(i int) map[string]any {
	v := b.v
	s := v.Scenes[i]
	if s.Script == "" {
		b.fail(sceneP(i), "%s scenes are scripts: use api v3 or v2 for audio files and silences", b.api)
		return nil
	}
	voice := v.sceneVoice(i)
	if s.Voice != nil && s.Voice.ID != "" && s.Voice.ID != v.Voice.ID {
		b.fail(sceneP(i, "voice", "id"), "%s speaks with one voice per video: set it once under voice", b.api)
	}
	b.unsupported(speed(voice) != 1, voicePath(v, i, "speed"), "voice speed", "use api v3")
	b.unsupported(pitch(voice) != 0, voicePath(v, i, "pitch"), "voice pitch", "use api v3")
	b.unsupported(voice.Locale != "", voicePath(v, i, "locale"), "voice locale", "use api v3")
	b.unsupported(s.Background != nil, sceneP(i, "background"), "background", "use api v3")
	m := map[string]any{"script": s.Script, "talking_style": v.sceneTalkingStyle(i)}
	if voice.Emotion != "" {
		m["emotion"] = voice.Emotion
	}
	if s.Motion != "" {
		m["custom_motion_prompt"] = s.Motion
		m["enhance_custom_motion_prompt"] = s.EnhanceMotion == nil || *s.EnhanceMotion
	} else {
		b.unsupported(s.EnhanceMotion != nil, sceneP(i, "enhance_motion"), "enhance_motion without a motion prompt", "add motion, or remove it")
	}
	return m
}

package manifest

// Request bodies of the two resellers of HeyGen's Avatar IV model: fal.ai's
// queue (seed 001) and PixelDojo's jobs API (seed 000). Both animate one
// portrait for one scene; the schema has already refused more scenes and
// avatar ids.

// imageToVideo refuses what neither reseller can express.
func (b *builder) imageToVideo() {
	v := b.v
	instead := b.instead("use provider heygen")
	b.unsupported(v.Avatar.Style != "", []string{"avatar", "style"}, "avatar style", instead)
	b.unsupported(v.Avatar.Scale != nil, []string{"avatar", "scale"}, "avatar scale", instead)
	b.unsupported(v.Avatar.Offset != nil, []string{"avatar", "offset"}, "avatar offset", instead)
	b.unsupported(v.Avatar.Fit != "", []string{"avatar", "fit"}, "avatar fit", instead)
	b.unsupported(v.Avatar.Engine != "", []string{"avatar", "engine"}, "engine choice", instead)
	b.unsupported(v.Style.Expressiveness != "", []string{"style", "expressiveness"}, "expressiveness", "use style.talking_style")
	b.unsupported(v.Captions == SidecarCaptions, []string{"captions"}, "sidecar captions (it burns them in)", "use captions: burn_in")
	b.unsupported(v.webm(), []string{"output"}, "WebM output", "write .mp4")
	s := v.Scenes[0]
	voice := v.sceneVoice(0)
	b.unsupported(s.Silence != nil, sceneP(0, "silence"), "silent videos", "give a script or an audio file")
	b.unsupported(s.Motion != "", sceneP(0, "motion"), "motion prompts", "use provider heygen with api av4 or v3")
	b.unsupported(s.EnhanceMotion != nil, sceneP(0, "enhance_motion"), "motion prompts", "use provider heygen with api av4 or v3")
	b.unsupported(speed(voice) != 1, voicePath(v, 0, "speed"), "voice speed", instead)
	b.unsupported(pitch(voice) != 0, voicePath(v, 0, "pitch"), "voice pitch", instead)
	b.unsupported(voice.Emotion != "", emotionPath(v, 0), "voice emotion", instead)
	b.unsupported(voice.Locale != "", voicePath(v, 0, "locale"), "voice locale", instead)
}

// speech returns the prompt and voice, or the audio URL, of the one scene.
func (b *builder) speech(audioKey string, m map[string]any) {
	s := b.v.Scenes[0]
	if s.Audio != "" {
		m[audioKey], _ = b.ref(AudioMedia, sceneP(0, "audio")...)
		return
	}
	if s.Script != "" {
		m["prompt"] = s.Script
	}
}

// fal builds the input of fal-ai/heygen/avatar4/image-to-video.
func (b *builder) fal() map[string]any {
	v := b.v
	b.imageToVideo()
	aspect, res := b.aspectResolution("360p", "480p", "540p", "720p", "1080p")
	b.threeAspects(aspect)
	m := map[string]any{
		"talking_style": v.sceneTalkingStyle(0),
		"resolution":    res,
		"aspect_ratio":  aspect,
		"caption":       v.Captions == BurnInCaptions,
	}
	m["image_url"], _ = b.ref(ImageMedia, "avatar", "image")
	b.speech("audio_url", m)
	if voice := v.sceneVoice(0); m["prompt"] != nil {
		if voice.Name == "" {
			b.fail(sceneP(0, "script"), "fal needs a voice for a script: set voice.name (e.g. Melissa)")
		}
		m["voice"] = voice.Name
	}
	if v.Style.Expression == "happy" {
		m["expression"] = "happy"
	}
	if bg, p := v.sceneBackground(0); bg != nil {
		m["background"] = b.resellerBackground(bg, p)
	}
	return m
}

// pixeldojo builds the body of POST /api/v1/models/heygen-avatar/run.
func (b *builder) pixeldojo() map[string]any {
	v := b.v
	b.imageToVideo()
	aspect, res := b.aspectResolution("360p", "480p", "540p", "720p", "1080p")
	b.threeAspects(aspect)
	m := map[string]any{
		"talking_style":   v.sceneTalkingStyle(0),
		"expressionHappy": v.Style.Expression == "happy",
		"resolution":      res,
		"aspect_ratio":    aspect,
		"caption":         v.Captions == BurnInCaptions,
		"backgroundType":  "none",
	}
	m["image"], _ = b.ref(ImageMedia, "avatar", "image")
	b.speech("audio_url", m)
	if m["prompt"] != nil {
		// PixelDojo speaks with Ivy when no voice is named; saying so
		// keeps the key equal for a manifest that names Ivy.
		m["voice"] = cmpOr(v.sceneVoice(0).Name, "Ivy")
	}
	if bg, p := v.sceneBackground(0); bg != nil {
		r := b.resellerBackground(bg, p)
		m["backgroundType"], m["backgroundValue"] = r["type"], r["value"]
	}
	return m
}

// threeAspects refuses the aspects the resellers' published inputs lack
// (seeds 000 and 001 list 16:9, 9:16 and 1:1; fal's newer schema may take
// more, but a refusal here costs nothing and a 422 there would).
func (b *builder) threeAspects(aspect string) {
	if aspect != "16:9" && aspect != "9:16" && aspect != "1:1" {
		b.fail([]string{"dimension", "aspect"}, "%s renders 16:9, 9:16 and 1:1 only", b.api)
	}
}

// resellerBackground is {type, value}: a hex color or a media URL.
func (b *builder) resellerBackground(bg *Background, p []string) map[string]any {
	b.unsupported(bg.Fit != "", append(p, "fit"), "background fit", "")
	b.unsupported(bg.PlayStyle != "", append(p, "play_style"), "background play style", "")
	switch {
	case bg.Color != "":
		return map[string]any{"type": "color", "value": bg.Color}
	case bg.Image != "":
		ref, _ := b.ref(ImageMedia, append(p, "image")...)
		return map[string]any{"type": "image", "value": ref}
	}
	ref, _ := b.ref(VideoMedia, append(p, "video")...)
	return map[string]any{"type": "video", "value": ref}
}

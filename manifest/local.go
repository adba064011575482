package manifest

import "strings"

// Local is the local file a media field of the video names, as an
// absolute path (path is the field's: "avatar", "image"), or "" where the
// field is unset or a URL. It is what a local draft of the video shows
// and plays (reel preview), read from the files the request was built
// from, not from the manifest's words.
func (v *Video) Local(path ...string) string { return v.local[strings.Join(path, ".")] }

// keepLocal records the local file of the media field at path.
func (v *Video) keepLocal(path []string, file string) {
	if v.local == nil {
		v.local = map[string]string{}
	}
	v.local[strings.Join(path, ".")] = file
}

// SceneVoice is the voice scene i is spoken in: the scene's own fields
// over the video's.
func (v *Video) SceneVoice(i int) Voice { return v.sceneVoice(i) }

// Frame is the video's frame in pixels: its width and height, or its
// aspect and resolution (16:9 at 720p when unset) as the provider renders
// them.
func (v *Video) Frame() (width, height int) { return (&builder{v: v}).widthHeight() }

// test asks the video's API for a test render in body, reporting false
// (with the error at the video's provider) where the API has no test
// mode. The field is part of the body, so of the render key: a test
// render is never taken for the real one.
func (b *builder) test(body map[string]any) bool {
	if b.v.api.Test == "" {
		b.fail([]string{"provider"}, "%s has no test mode (a free, watermarked render), so render --test cannot render this video: %s", b.api, b.l.opt.TestHint)
		return false
	}
	body[b.v.api.Test] = true
	return true
}

package manifest

// Format is the request body of a provider API, built from a video: what
// that API can render. Each provider's facts name the format of each of
// its APIs (render/provider/facts); the builders live here, beside the
// video they read, because APIs share them (GMI Cloud takes HeyGen v2's
// body) and because a key must not change when a provider moves.
type Format struct {
	build func(*builder) map[string]any
	// cosmetic lists the body fields that name or notify but do not
	// change a pixel or a sound: they are sent, and left out of the key,
	// so retitling a video does not pay for it again.
	cosmetic []string
	// fields is the manifest field the builder writes at each request
	// path (see requestField).
	fields map[string]requestField
}

// The request formats of the APIs reel speaks.
var (
	// HeyGenV3 is POST /v3/videos, as reference/heygen-v3-api.json has it.
	HeyGenV3 = &Format{build: (*builder).heygenV3, cosmetic: []string{"title", "callback_id", "callback_url"}, fields: v3Fields()}
	// HeyGenV2 is the video_inputs body of POST /v2/video/generate (seed
	// 004), which GMI Cloud's queue takes too (seed 002).
	HeyGenV2 = &Format{build: (*builder).heygenV2, cosmetic: []string{"title", "callback_id", "callback_url"}, fields: v2Fields}
	// HeyGenAV4 is POST /v2/video/av4/generate (seed 003).
	HeyGenAV4 = &Format{build: (*builder).heygenAV4, cosmetic: []string{"video_title", "callback_url"}, fields: av4Fields}
	// FalAvatar4 is the input of fal's fal-ai/heygen/avatar4/image-to-video
	// (seed 001).
	FalAvatar4 = &Format{build: (*builder).fal, fields: withReseller(falFields)}
	// PixelDojoAvatar4 is the body of PixelDojo's models/heygen-avatar/run
	// (seed 000).
	PixelDojoAvatar4 = &Format{build: (*builder).pixeldojo, fields: withReseller(pixeldojoFields)}
)

// Formats are every request format, for tests that hold each to its
// tables.
func Formats() []*Format {
	return []*Format{HeyGenV3, HeyGenV2, HeyGenAV4, FalAvatar4, PixelDojoAvatar4}
}

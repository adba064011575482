package preview

// Draft is what a draft is made of: the few facts of a video that show in
// its picture and its sound. It is preview's own, small input rather than
// manifest's Video, so a draft depends only on what it shows.
type Draft struct {
	// Key is the video's render key (64 lower-case hex digits). It names
	// the draft: a draft is made once per key.
	Key string
	// Width and Height are the frame's size in pixels, each even.
	Width, Height int
	Scenes        []Scene
	Avatar        Avatar
	Background    Background
	Captions      Captions
	// CaptionPlace is where burned-in captions go; the zero Place means
	// DefaultPlace(Width, Height), where the provider puts them.
	CaptionPlace Place
}

// Scene is one script, audio file or silence, in the order it plays.
type Scene struct {
	Script  string  // words to speak
	Audio   string  // a local audio file to play as it is
	Silence float64 // seconds of quiet
	Voice   Voice   // how Script is spoken
	// Where is the scene's place in its manifest (file:line:col), for
	// errors; empty when there is none.
	Where string
}

// Voice is how a scene's script is spoken.
type Voice struct {
	Locale string  // a BCP 47 tag such as en-US or pt-BR; empty: English
	Speed  float64 // 0.5 to 1.5, 1 is normal; 0 means 1
}

// Avatar is who is on screen: a local image, or else a card naming the
// avatar's id (an avatar that lives at the provider has no local image).
type Avatar struct {
	Image string // a local PNG, JPEG, GIF or WebP
	ID    string // shown on a card when there is no Image
	Where string // the avatar's place in its manifest, for errors
}

// Background is what is behind the avatar: a colour (#RRGGBB) or a local
// image; neither is black.
type Background struct {
	Color string
	Image string
	Where string // the background's place in its manifest, for errors
}

// Captions is how a video's captions come: none, a sidecar file, or
// burned into the picture.
type Captions string

// The caption modes, as manifests spell them.
const (
	NoCaptions      Captions = ""
	SidecarCaptions Captions = "sidecar"
	BurnInCaptions  Captions = "burn_in"
)

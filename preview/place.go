package preview

// Place is where burned-in captions sit and how large they are, as
// fractions of the frame, so that one Place fits every resolution of an
// aspect.
type Place struct {
	// Margin is the gap from the frame's bottom edge to the captions'
	// last line, as a fraction of the frame's height.
	Margin float64
	// Size is the font's height as a fraction of the frame's short side.
	Size float64
	// Width is the widest a caption line may run, as a fraction of the
	// frame's width; longer captions wrap.
	Width float64
}

// DefaultPlace is where the provider puts burned-in captions in a frame
// of this size. HeyGen's API burns captions in one style only ("default";
// HeyGen's support confirmed on the heygen-cli tracker, issue 179, that
// the API takes no caption position, size or font): centred in the bottom
// third of a landscape frame, and in a portrait frame just as low and as
// small, over the avatar's body, not raised into the middle as editing
// apps place captions for short-form video. So a portrait draft keeps the
// landscape font size (a share of the short side) and margin, and lets
// lines run wider, since the frame is narrow.
func DefaultPlace(width, height int) Place {
	if height > width {
		return Place{Margin: 0.06, Size: 0.05, Width: 0.9}
	}
	return Place{Margin: 0.08, Size: 0.05, Width: 0.8}
}

// orDefault is p, or the default place for the frame when p is zero.
func (p Place) orDefault(width, height int) Place {
	if p == (Place{}) {
		return DefaultPlace(width, height)
	}
	return p
}

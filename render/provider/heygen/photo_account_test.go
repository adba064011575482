package heygen

import (
	"testing"

	"github.com/reel-dev/reel/render/provider"
)

// TestPhotoAccountStates: the account hands the executor HeyGen's training
// and generation states as provider's, word for word.
func TestPhotoAccountStates(t *testing.T) {
	for h, p := range map[PhotoState]provider.PhotoState{
		PhotoUntrained: provider.PhotoUntrained, PhotoPending: provider.PhotoPending, PhotoRunning: provider.PhotoRunning,
		PhotoReady: provider.PhotoReady, PhotoFailed: provider.PhotoFailed,
	} {
		if provider.PhotoState(h) != p || h.Done() != p.Done() {
			t.Errorf("HeyGen's %q is provider's %q", h, provider.PhotoState(h))
		}
	}
}

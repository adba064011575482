package render

import (
	"errors"
	"fmt"

	"github.com/reel-dev/reel/render/provider"
)

// catalogHints say what to do about a create refused for an id the
// account does not have (HeyGen's avatar_not_found, voice_not_found): the
// provider names the id, reel names the command that lists the good ones.
var catalogHints = map[string]string{
	"avatar_not_found": "pick avatar.id (or avatar.talking_photo) from `reel avatars`",
	"voice_not_found":  "pick voice.id from `reel voices`",
}

// withCatalogHint adds to err what to do, when it is such a refusal.
func withCatalogHint(err error) error {
	var he *provider.HTTPError
	if !errors.As(err, &he) {
		return err
	}
	if hint, ok := catalogHints[he.Code]; ok {
		return fmt.Errorf("%w: %s", err, hint)
	}
	return err
}

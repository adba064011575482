package watch

import "github.com/reel-dev/reel/render"

// CheckKeys reports, as a *render.MissingKeysError, the API keys reel watch
// --render may need and that are not in the environment: those of the
// providers with work in the first plan, of every watched video (a save
// may re-render any of them) and of the project (a new manifest uses it).
// Checked at start, a missing key is said once before anything is sent,
// not at the first save that settles.
func (s *Session) CheckKeys(first *Update) error {
	return render.MissingKeys(append(render.ProvidersOf(first.Plan), s.providers()...)...)
}

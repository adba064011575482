package plan

import (
	"github.com/reel-dev/reel/render/lock"
	"github.com/reel-dev/reel/render/provider/registry"
)

// InSandbox ends the reason of a render the sandbox makes, free: a person
// reading the plan sees where it goes.
const InSandbox = " (in the sandbox)"

// AsTest ends the reason of a test render (reel render --test): the
// provider's free, watermarked test mode, never the video's render.
const AsTest = " (a test render: free, watermarked)"

// The reasons of a video whose current render was made in the other mode
// from the very request it has now.
const (
	// SandboxOnly: for real, a sandbox render is never taken for a real
	// one; the real render replaces it.
	SandboxOnly = "rendered in the sandbox only: a real render replaces it"
	// RealKept: in the sandbox, a real render (paid for) stays as it is,
	// output and lock entry.
	RealKept = "rendered for real: the sandbox leaves it as it is"
	// RealInFlight: in the sandbox, a real job in flight is left to a
	// real run, which waits for it: dropping it could pay twice.
	RealInFlight = "a real job is in flight: the sandbox leaves it to a real run"
)

// otherMode is the action of a video whose lock entry e is the other
// mode's render of its current request, and whether it is one. For real,
// a sandbox render is rendered again; in the sandbox, a real render that
// did not fail is left alone (its output fetched again if missing, free),
// so the sandbox never overwrites a paid output nor forgets a paid job.
func otherMode(a Action, e *lock.Entry, stat Stat) (Action, bool, error) {
	v := a.Video
	if e == nil || e.Key != v.Request.KeyIn(!v.Sandbox) {
		return a, false, nil
	}
	_, sandboxed := registry.Sandboxed(e.Provider)
	switch {
	case !v.Sandbox && sandboxed:
		a.Kind, a.Reason = Render, SandboxOnly
		a.Changes = []Change{{Field: "provider", Old: quote(e.Provider), New: quote(v.ProviderName())}}
	case v.Sandbox && !sandboxed && e.State == lock.Done:
		// the action keeps the real render: a download refreshes its
		// entry in place (Force gives a forced render the video's key back)
		a.Key = e.Key
		out, err := outputAction(a, e.Render(), stat)
		if out.Kind == OK {
			out.Reason = RealKept
		} else {
			out.Reason += " (a real render)"
		}
		return out, true, err
	case v.Sandbox && !sandboxed && e.State == lock.Pending:
		a.Kind, a.Reason = OK, RealInFlight
	default:
		return a, false, nil
	}
	return a, true, nil
}

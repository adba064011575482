package planner

import (
	"github.com/reel-dev/reel/manifest"
	"github.com/reel-dev/reel/render/snapshot"
)

// Reason is why the snapshot cannot give the plan: only a full plan can.
type Reason int

const (
	NoProject         Reason = iota + 1 // no reel.yaml here or above: a full plan says so
	NoSnapshot                          // none was saved, or it does not read
	OtherStamp                          // another build of reel, or other --provider or --sandbox flags
	Racy                                // an input was modified just before the last plan: its stat cannot stand for its content
	ProjectChanged                      // reel.yaml changed
	ProjectFails                        // reel.yaml, as the snapshot read it, does not load now
	LockChanged                         // reel.lock changed
	InputChanged                        // an asset or an output changed
	ManifestsChanged                    // a manifest added, removed or renamed (or a folder's listing changed)
	VariantNamed                        // an edited manifest is named like a variant of another (welcome@es.yaml)
	Clash                               // an edited video's id or output is another video's
	RenderedElsewhere                   // an edited video's new request was rendered before under another video: a free download
	LockBlockMoved                      // an edited video's block of reel.lock is not where the snapshot says
	KeysUnindexed                       // the lock's rendered keys are not indexed, or do not read
	Damaged                             // the snapshot's plan does not read
	PlanFails                           // planning the edited videos failed (an output could not be read)
	Avatars                             // reel.yaml declares photo avatars: an edited video may use another, which the plan trains first
)

// String says what the reason is, in words.
func (r Reason) String() string {
	switch r {
	case NoProject:
		return "no project"
	case NoSnapshot:
		return "no snapshot"
	case OtherStamp:
		return "another build of reel or other flags"
	case Racy:
		return "modified just before the last plan"
	case ProjectChanged:
		return "reel.yaml changed"
	case ProjectFails:
		return "reel.yaml does not load"
	case LockChanged:
		return "reel.lock changed"
	case InputChanged:
		return "an asset or an output changed"
	case ManifestsChanged:
		return "a manifest added or removed"
	case VariantNamed:
		return "a manifest named like a variant"
	case Clash:
		return "an edited video's id or output is another's"
	case RenderedElsewhere:
		return "rendered before under another video"
	case LockBlockMoved:
		return "the edited video's block of reel.lock moved"
	case KeysUnindexed:
		return "the lock's rendered keys are not indexed"
	case Damaged:
		return "the snapshot's plan does not read"
	case PlanFails:
		return "the edited videos do not plan"
	case Avatars:
		return "reel.yaml declares photo avatars, which the whole plan trains"
	}
	return "unknown reason"
}

// NeedFull is the error of a plan the snapshot cannot give: Reason says
// why, Path which input (when one did), Detail what of it.
type NeedFull struct {
	Reason Reason
	Path   string // the input that changed, or that was racy
	Detail string // the video or output concerned, if any
	Err    error  // the error behind the reason, if one
}

func (e *NeedFull) Error() string {
	why := e.Reason.String()
	if e.Detail != "" {
		why += ": " + e.Detail
	}
	if e.Err != nil {
		why += ": " + e.Err.Error()
	}
	switch {
	case e.Path == "":
		return why
	case e.Reason == Racy:
		return why + ": " + e.Path
	}
	return "changed: " + e.Path + "; " + why
}

func (e *NeedFull) Unwrap() error { return e.Err }

// needFull is a *NeedFull for the reason r.
func needFull(r Reason, path, detail string) *NeedFull {
	return &NeedFull{Reason: r, Path: path, Detail: detail}
}

// unusable is the reason a snapshot check found for not using it at all.
func unusable(c snapshot.Check) *NeedFull {
	switch c.Unusable {
	case snapshot.NoSnapshot:
		return needFull(NoSnapshot, "", "")
	case snapshot.OtherStamp:
		return needFull(OtherStamp, "", "")
	}
	return needFull(Racy, c.Racy, "")
}

// EditErrors is the errors of the edited manifests a re-plan loaded: what
// a full plan reports in them. The snapshot is left as it was, so the
// next plan reports them again.
type EditErrors struct {
	Edited string // the first edited manifest
	Errors manifest.Errors
}

func (e *EditErrors) Error() string { return e.Errors.Error() }

// Unwrap gives the errors, positioned: errors.As(err, &manifest.Errors{}).
func (e *EditErrors) Unwrap() error { return e.Errors }

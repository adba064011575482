package provider

import "context"

// PhotoAvatars is a provider's photo avatar account: the calls that turn
// a project's photos into a trained avatar and looks generated from it
// (HeyGen's lifecycle, seed 003). The executor trains through it without
// knowing the wire format, as it renders through Provider.
//
// CreateGroup, Train and GenerateLook are paid and not idempotent: like a
// create, each is never re-sent after its answer was lost, and an error
// for which Uncertain is true means it may have taken effect. What it did
// can be looked up: a group by the name it was given (Groups), a training
// by its group's status (TrainStatus: PhotoUntrained means it never
// started), a look generation by the looks it added (GroupLooks).
type PhotoAvatars interface {
	// Name is the provider's name, for messages: heygen, or its fake's.
	Name() string
	// UploadPhoto sends a photo and returns the key later calls name it
	// by. It is free, and safe to call again.
	UploadPhoto(ctx context.Context, a Asset) (string, error)
	// CreateGroup makes a group of one uploaded photo, named name.
	CreateGroup(ctx context.Context, name, photo string) (PhotoGroup, error)
	// AddPhotos adds uploaded photos to a group, in order, and returns how
	// many went in before an error.
	AddPhotos(ctx context.Context, group, name string, photos []string) (int, error)
	// Train starts training a group.
	Train(ctx context.Context, group string) error
	// TrainStatus is where a group's training is; once ready, with the
	// group's looks.
	TrainStatus(ctx context.Context, group string) (PhotoProgress, error)
	// GenerateLook starts a look generation of a trained group and returns
	// its id.
	GenerateLook(ctx context.Context, group string, l LookSpec) (string, error)
	// GenerationStatus is where a look generation is; once ready, with
	// the looks it made.
	GenerationStatus(ctx context.Context, group, id string) (PhotoProgress, error)
	// GroupLooks lists a group's looks, oldest first: its photos' first,
	// in the order they went in, then the generated ones.
	GroupLooks(ctx context.Context, group string) ([]PhotoLook, error)
	// Groups lists the account's own groups.
	Groups(ctx context.Context) ([]PhotoGroup, error)
}

// PhotoState is where a training or a look generation is.
type PhotoState string

const (
	PhotoUntrained PhotoState = "untrained" // a group never trained
	PhotoPending   PhotoState = "pending"   // waiting to start
	PhotoRunning   PhotoState = "running"   // training or generating
	PhotoReady     PhotoState = "ready"     // done: its looks can be used
	PhotoFailed    PhotoState = "failed"    // the provider gave up; Err says why
)

// Done reports whether the state is final.
func (s PhotoState) Done() bool { return s == PhotoReady || s == PhotoFailed }

// PhotoGroup is a photo avatar group.
type PhotoGroup struct {
	ID, Name string
	// Look is its first look (its first photo's), when the call names it.
	Look string
	// Training is where its training is, as Groups reports it.
	Training PhotoState
}

// PhotoLook is one look of a group: its ID is what a video names the
// avatar by (a talking photo id, a look id).
type PhotoLook struct{ ID string }

// PhotoProgress is where a training or a look generation is.
type PhotoProgress struct {
	State PhotoState
	Err   *JobError // why it failed
	// Unknown is the provider's word, quoted, when reel does not know it;
	// State is then PhotoRunning, so a new word never ends it early.
	Unknown string
	// Looks are, once PhotoReady, the group's looks (a training) or the
	// looks it made (a generation).
	Looks []PhotoLook
}

// LookSpec is what a look generation is asked for: a prompt, and the
// look's orientation, pose and style in the provider's words.
type LookSpec struct {
	Prompt, Orientation, Pose, Style string
}

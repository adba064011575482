// Package provider is what reel needs from a video API, and nothing more:
// upload a local asset, submit one render, check jobs, read the result's
// media, cancel. Each vendor package (heygen, fal, pixeldojo) speaks one API
// behind this interface; the executor in render/ never sees a wire format.
//
// Vendor packages import this package and never each other; this package
// imports nothing of reel's.
package provider

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
)

// Asset is a local file a request refers to. The request body holds Ref
// (the file's content hash, "sha256:<hex>") where the provider expects a URL,
// an asset id or an image key; Upload returns the value that replaces it.
type Asset struct {
	Ref  string // "sha256:<hex>" of the content
	Path string // absolute path of the local file
	MIME string // sniffed from the header, e.g. image/png
	Size int64
}

// Submission is one render to create. Body is the exact JSON the API's create
// call receives, with every asset Ref already replaced by its uploaded value.
type Submission struct {
	// Key is the render key (hex SHA-256). APIs with idempotency (HeyGen v3)
	// derive their Idempotency-Key from it, so a re-sent create is replayed
	// by the server instead of charged twice.
	Key  string
	Body json.RawMessage
}

// Job is what a create's answer says: the job's id, and whether the
// provider answered with a job that an earlier create of the same
// idempotency key made, instead of making (and charging for) a new one.
type Job struct {
	ID string
	// Replayed is set when the answer is marked as the replay of an
	// earlier create (HeyGen v3's Idempotent-Replayed: true), sent before
	// this Submit: that create was charged, this one was not. An API that
	// marks no replays, or a Submit that may have sent its own create more
	// than once (provider.Resent), leaves it false, so the create is
	// counted as spent: an over-estimate, never an under-estimate.
	Replayed bool
}

// State is a job's lifecycle, normalised across APIs.
type State string

const (
	Queued     State = "queued"     // accepted, waiting for capacity
	Processing State = "processing" // rendering
	Completed  State = "completed"  // media is ready
	Failed     State = "failed"     // the provider gave up; Status.Err says why
	NotFound   State = "not_found"  // the provider does not know this job id
)

// Done reports whether the state is final.
func (s State) Done() bool { return s == Completed || s == Failed || s == NotFound }

// Status is one job as the provider last reported it.
type Status struct {
	JobID string
	State State
	// Detail is a short human note while waiting: a queue position, the
	// last log line. Empty when the API gives none.
	Detail string
	// Err is the provider's reason when State is Failed (late failures such
	// as insufficient credits or a bad asset arrive here, not at submit).
	Err *JobError
	// Media is set when State is Completed and the status call carried it.
	Media *Media
	// Unknown is the API's own status word, quoted (`"on_hold"`, or `""`
	// for none), when reel does not know it. State is then Processing: a
	// new word must not end a job early (a failed job is rendered again,
	// and paid again), and the runner stops waiting on it after a bound
	// instead of polling forever.
	Unknown string
}

// JobError is a failure reported by the provider for one job.
type JobError struct {
	Code    string // provider code, numeric codes as their decimal text
	Message string
	// NoCredits says the provider failed the job because the account could
	// not pay for it (see Money.Failed): the runner then sends that
	// provider no more creates in the run, as after a create refused with
	// 402.
	NoCredits bool
}

func (e *JobError) Error() string {
	if e.Code == "" {
		return e.Message
	}
	return e.Message + " (" + e.Code + ")"
}

// Media is where a completed job's files can be fetched. URLs are presigned
// and expire; a fresh Result call returns fresh ones. They must never be
// written to the lock or to logs.
type Media struct {
	VideoURL          string
	CaptionedVideoURL string  // burned-in captions, when asked for
	SubtitleURL       string  // sidecar captions (SRT or ASS)
	ThumbnailURL      string  //
	Duration          float64 // seconds, when the API reports it
}

// Voice and Avatar are what an account can use, for `reel voices` and
// `reel avatars`.
type Voice struct {
	ID       string `json:"id"`
	Name     string `json:"name"`
	Language string `json:"language,omitempty"`
	Gender   string `json:"gender,omitempty"`
}

type Avatar struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Kind string `json:"kind,omitempty"` // avatar, talking_photo, look
}

// Provider is one video API, configured with its credentials and base URLs.
type Provider interface {
	// Name is "heygen/v3", "fal", ... for messages and the lock.
	Name() string
	// Upload sends a local asset and returns the value that replaces a.Ref
	// in the request body. Providers that take only public URLs return an
	// error wrapping ErrUnsupported.
	Upload(ctx context.Context, a Asset) (string, error)
	// Submit creates one job and returns it. It is never retried
	// blindly: a create that may have reached the server is only re-sent
	// where the API replays it by idempotency key.
	Submit(ctx context.Context, s Submission) (Job, error)
	// Status reports on jobs, in the order asked; APIs with a bulk status
	// call use it.
	Status(ctx context.Context, jobIDs ...string) ([]Status, error)
	// Result returns fresh media URLs of a completed job, or the job's
	// failure as a *JobError.
	Result(ctx context.Context, jobID string) (Media, error)
	// Cancel asks the provider to stop a job; ErrUnsupported where it can't.
	Cancel(ctx context.Context, jobID string) error
}

// Catalog is implemented by providers that can list an account's voices and
// avatars.
type Catalog interface {
	Voices(ctx context.Context) ([]Voice, error)
	Avatars(ctx context.Context) ([]Avatar, error)
}

// ErrUnsupported says the API has no such operation.
var ErrUnsupported = errors.New("not supported by this provider")

// EachStatus is Status for APIs without a bulk call: it asks about each job
// in turn with one, and reports a job the API does not know (404) as
// NotFound rather than as an error.
func EachStatus(ctx context.Context, ids []string, one func(context.Context, string) (Status, error)) ([]Status, error) {
	out := make([]Status, 0, len(ids))
	for _, id := range ids {
		st, err := one(ctx, id)
		if StatusOf(err) == http.StatusNotFound {
			st, err = Status{JobID: id, State: NotFound}, nil
		}
		if err != nil {
			return nil, err
		}
		out = append(out, st)
	}
	return out, nil
}

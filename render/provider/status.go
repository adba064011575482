package provider

import (
	"fmt"
	"strconv"
	"strings"
)

// CodeCancelled is the JobError code of a job the provider reports
// cancelled.
const CodeCancelled = "cancelled"

// Cancelled is the failure of a job that name (the provider, as users
// know it) reports cancelled. reel cancels no job on its own, so the
// message says who can have: someone in the provider's console, or the
// provider. word is the API's status word, or "" when the cancellation
// showed otherwise.
func Cancelled(name, word string) *JobError {
	msg := "cancelled at " + name
	if word != "" {
		msg += fmt.Sprintf(" (status %q)", word)
	}
	msg += " before it finished, in " + name + "'s console or by " + name + " (reel render cancels no job): nothing was rendered"
	return &JobError{Code: CodeCancelled, Message: msg}
}

// Unrecognised is the Status of a job whose status word reel does not
// know: still Processing, with the word kept (see Status.Unknown). word
// comes from the network: the caller scrubs it first.
func Unrecognised(id, word string) Status {
	q := strconv.Quote(word)
	return Status{JobID: id, State: Processing, Detail: "status " + q, Unknown: q}
}

// statusWords are the status words any of the APIs documents (the seeds
// and reference/providers.md), read the same way for every API: a wrapper
// reports the words of the API it wraps (PixelDojo wraps fal; GMI Cloud
// and fal wrap HeyGen), so a word one API documents is not unknown to
// another. Case and surrounding space do not matter.
var statusWords = map[string]State{
	// HeyGen v1 (waiting, pending), v3 (pending; bulk: queued), PixelDojo
	// (pending), GMI Cloud (queued, dispatched; created in clients), fal
	// (IN_QUEUE)
	"waiting": Queued, "pending": Queued, "queued": Queued, "in_queue": Queued,
	"created": Queued, "dispatched": Queued,
	// every API's processing; fal's IN_PROGRESS; PixelDojo's wrappers'
	"processing": Processing, "in_progress": Processing, "running": Processing, "started": Processing,
	// HeyGen and PixelDojo (completed), GMI Cloud (success), fal (COMPLETED)
	"completed": Completed, "success": Completed, "succeeded": Completed,
	"failed": Failed, "error": Failed,
	// GMI Cloud (cancelled); the American spelling of clients
	"cancelled": Failed, "canceled": Failed,
	// HeyGen v3's bulk status of an id it does not know
	"not_found": NotFound,
}

// StatusWord maps a status word of any API to reel's state. cancelled is
// set for the words of a cancelled job (its State is Failed, its error
// Cancelled); ok is false for a word no API documents.
func StatusWord(word string) (s State, cancelled, ok bool) {
	w := strings.ToLower(strings.TrimSpace(word))
	s, ok = statusWords[w]
	return s, w == "cancelled" || w == "canceled", ok
}

package provider

import (
	"fmt"
	"strconv"
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
	msg := "the job was cancelled at " + name
	if word != "" {
		msg += fmt.Sprintf(" (status %q)", word)
	}
	msg += ", not by reel: someone cancelled it in " + name + "'s console, or " + name + " did; nothing was rendered"
	return &JobError{Code: CodeCancelled, Message: msg}
}

// Unrecognised is the Status of a job whose status word reel does not
// know: still Processing, with the word kept (see Status.Unknown). word
// comes from the network: the caller scrubs it first.
func Unrecognised(id, word string) Status {
	q := strconv.Quote(word)
	return Status{JobID: id, State: Processing, Detail: "status " + q, Unknown: q}
}

package render

import (
	"context"
	"errors"
	"fmt"
)

// Interrupt is what stopped a run from outside: the CLI cancels the run's
// context with it as the cause (context.WithCancelCause) when Ctrl-C or
// SIGTERM comes, so that each stopped video can say what stopped it.
type Interrupt struct {
	By string // "Ctrl-C", "SIGTERM"
}

func (i Interrupt) Error() string { return "stopped by " + i.By }

// Interrupted is the Interrupt of the signal by, as an error: the cause
// the CLI gives a run's context (cli.Interruptible).
func Interrupted(by string) error { return Interrupt{By: by} }

// stage is how far a video had got when its run was stopped.
type stage int

const (
	stoppedEarly        stage = iota // at some step not told apart below
	stoppedBeforeSubmit              // no create was sent: nothing was paid
	stoppedWaiting                   // the job is recorded and was in flight
	stoppedDownloading               // the job was done; its output not yet recorded
)

// Stopped says where a video stood when its run was stopped, and what the
// next run does about it, in words: the context's own error ("context
// canceled") means nothing to a person. It wraps that error, so that
// errors.Is(err, ctx.Err()) still tells a stop from a failure.
type Stopped struct {
	stage stage
	job   string // the job, once there is one
	state string // the job's last known state, while waiting
	by    string // "Ctrl-C", or "" when the context does not say
	err   error  // the context's error
}

// stopped is the Stopped error of a video at st, on the job (if any) in
// the state it was last seen in.
func stopped(ctx context.Context, st stage, job, state string) *Stopped {
	s := &Stopped{stage: st, job: job, state: state, err: ctx.Err()}
	if s.err == nil {
		s.err = context.Canceled
	}
	var in Interrupt
	if errors.As(context.Cause(ctx), &in) {
		s.by = in.By
	}
	return s
}

func (s *Stopped) Error() string {
	what := "stopped"
	if s.by != "" {
		what += " by " + s.by
	}
	switch s.stage {
	case stoppedBeforeSubmit:
		return what + " before submitting: no render was paid for; run reel render again to render it"
	case stoppedWaiting:
		return fmt.Sprintf("%s while waiting for job %s%s: it is recorded; run reel render again to resume", what, s.job, paren(s.state))
	case stoppedDownloading:
		return fmt.Sprintf("%s while downloading the output of job %s: run reel render again to fetch it, free", what, s.job)
	}
	return what + ": what it had sent is recorded; run reel render again to resume"
}

func (s *Stopped) Unwrap() error { return s.err }

func paren(s string) string {
	if s == "" {
		return ""
	}
	return " (" + s + ")"
}

// asStopped is a stopped video's error as a Stopped: err itself (or the
// Stopped it wraps), or one that says no more than that it stopped.
func asStopped(ctx context.Context, err error) *Stopped {
	var s *Stopped
	if errors.As(err, &s) {
		return s
	}
	return stopped(ctx, stoppedEarly, "", "")
}

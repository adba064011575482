package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// interruptible is the context of a run that spends money: the first Ctrl-C
// (or SIGTERM) ends it gracefully, letting creates already sent be answered
// so that their jobs are recorded, and gives the signals back, so that a
// second Ctrl-C quits at once. Either way every job already recorded
// resumes on the next run. The first signal is told on say, unless it is
// nil. Call the returned stop when the run is over.
func interruptible(say io.Writer) (context.Context, func()) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	over := make(chan struct{})
	go func() {
		<-ctx.Done()
		// Said before the signals are given back: a second Ctrl-C then ends
		// the process at once, and it must not cut this line.
		select {
		case <-over: // the run ended by itself
		default:
			if say != nil {
				fmt.Fprintln(say, "reel: stopping: letting requests already sent finish, so that their jobs are recorded (Ctrl-C again to quit at once)")
			}
		}
		stop()
	}()
	return ctx, func() { close(over); stop() }
}

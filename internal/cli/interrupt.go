package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"sync"
	"syscall"
)

// Interruptible is the context of a run that spends money: the first Ctrl-C
// (or SIGTERM) ends it gracefully, letting creates already sent be answered
// so that their jobs are recorded, and gives the signals back, so that a
// second Ctrl-C quits at once. Either way every job already recorded
// resumes on the next run. The context's cause is cause(the signal's name:
// Ctrl-C, SIGTERM), so that each stopped video can say what stopped it.
// The first signal is told on say, unless it is nil. Call the returned
// stop when the run is over.
func Interruptible(say io.Writer, cause func(by string) error) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(context.Background())
	sig := make(chan os.Signal, 1)
	signal.Notify(sig, os.Interrupt, syscall.SIGTERM)
	over := make(chan struct{})
	go func() {
		select {
		case s := <-sig:
			cancel(cause(signalName(s)))
			// Said before the signals are given back: a second Ctrl-C then
			// ends the process at once, and it must not cut this line.
			select {
			case <-over: // the run ended by itself
			default:
				if say != nil {
					fmt.Fprintln(say, "reel: stopping: letting requests already sent finish, so that their jobs are recorded (Ctrl-C again to quit at once)")
				}
			}
			signal.Stop(sig)
		case <-over:
		}
	}()
	var once sync.Once
	return ctx, func() {
		once.Do(func() {
			close(over)
			signal.Stop(sig)
			cancel(nil)
		})
	}
}

// signalName names a signal as a person sent it.
func signalName(s os.Signal) string {
	if s == os.Interrupt {
		return "Ctrl-C"
	}
	if s == syscall.SIGTERM {
		return "SIGTERM"
	}
	return s.String()
}

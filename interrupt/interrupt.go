// Package interrupt turns Ctrl-C and SIGTERM into a cancelled context, so a command stops where
// it is and cleans up after itself rather than dying with a half-written file.
package interrupt

import (
	"context"
	"os"
	"os/signal"
	"syscall"
)

// Signal is why a command's context was cancelled: a signal asking fieldwork to stop.
type Signal struct{ Sig syscall.Signal }

func (i Signal) Error() string {
	if i.Sig == syscall.SIGINT {
		return "interrupted (Ctrl-C, SIGINT)"
	}
	return "stopped by SIGTERM" // the only other signal Context catches
}

// Context returns a context cancelled by the first SIGINT (Ctrl-C) or SIGTERM, with the
// signal as its cause, so a command stops where it is and its deferred clean-up runs: a
// transaction rolls back, a half-written output file is removed. A second signal ends the
// process at once, as if no handler were set; what that leaves, the next run sweeps away.
func Context(parent context.Context) (context.Context, func()) {
	ctx, cancel := context.WithCancelCause(parent)
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, os.Interrupt, syscall.SIGTERM)
	go func() {
		select {
		case s := <-signals:
			signal.Stop(signals)
			sig, _ := s.(syscall.Signal)
			cancel(Signal{sig})
		case <-ctx.Done():
		}
	}()
	return ctx, func() {
		signal.Stop(signals)
		cancel(nil)
	}
}

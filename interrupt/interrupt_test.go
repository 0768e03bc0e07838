package interrupt

import (
	"context"
	"errors"
	"syscall"
	"testing"
	"time"
)

// The first SIGTERM cancels the context with the signal as its cause.
func TestContextIsCancelledBySignal(t *testing.T) {
	ctx, stop := Context(context.Background())
	defer stop()
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	var sig Signal
	if !errors.As(context.Cause(ctx), &sig) || sig.Sig != syscall.SIGTERM {
		t.Errorf("cause %v, want the SIGTERM", context.Cause(ctx))
	}
}

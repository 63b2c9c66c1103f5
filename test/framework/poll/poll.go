// Package poll waits in tests for a cluster to reach a state, checking a
// condition at an interval until it holds or a timeout passes, and reporting
// why it still did not hold at the end.
package poll

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/util/wait"
)

// DefaultInterval is the pause between two checks.
const DefaultInterval = 250 * time.Millisecond

// Condition reports nil once the awaited state holds, and otherwise an
// error saying what is still missing. It is checked again until the timeout.
type Condition func(ctx context.Context) error

// ErrStop wraps an error that makes waiting pointless; a Condition returns
// it (fmt.Errorf("...: %w", poll.ErrStop)) to end the wait at once.
var ErrStop = errors.New("stopped waiting")

// Until checks condition every DefaultInterval until it returns nil, the
// timeout passes, ctx ends or the condition returns an error wrapping
// ErrStop. On failure the error names the last reason the condition gave.
func Until(ctx context.Context, timeout time.Duration, condition Condition) error {
	var last error
	err := wait.PollUntilContextTimeout(ctx, DefaultInterval, timeout, true,
		func(ctx context.Context) (bool, error) {
			last = condition(ctx)
			if errors.Is(last, ErrStop) {
				return false, last
			}
			return last == nil, nil
		})
	switch {
	case err == nil:
		return nil
	case errors.Is(err, ErrStop):
		return err
	case last != nil:
		return fmt.Errorf("condition still unmet after %s: %w", timeout, last)
	default:
		return fmt.Errorf("waiting for condition: %w", err)
	}
}

// Eventually is Until for tests: it fails the test, naming what was awaited
// and the last reason, when the condition does not hold in time.
func Eventually(t testing.TB, timeout time.Duration, what string, condition Condition) {
	t.Helper()
	if err := Until(t.Context(), timeout, condition); err != nil {
		t.Fatalf("waiting for %s: %v", what, err)
	}
}

// Gone turns a read of an object into a Condition that holds once the
// object no longer exists.
func Gone(get func(ctx context.Context) error) Condition {
	return func(ctx context.Context) error {
		err := get(ctx)
		switch {
		case apierrors.IsNotFound(err):
			return nil
		case err != nil:
			return fmt.Errorf("reading object: %w", err)
		default:
			return errors.New("object still exists")
		}
	}
}

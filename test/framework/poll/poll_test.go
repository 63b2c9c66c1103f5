package poll

import (
	"context"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	"k8s.io/apimachinery/pkg/runtime/schema"
)

func TestUntilReturnsOnceConditionHolds(t *testing.T) {
	calls := 0
	err := Until(t.Context(), 10*time.Second, func(context.Context) error {
		calls++
		if calls < 3 {
			return fmt.Errorf("only %d calls", calls)
		}
		return nil
	})
	require.NoError(t, err)
	assert.Equal(t, 3, calls)
}

func TestUntilReportsLastReasonOnTimeout(t *testing.T) {
	err := Until(t.Context(), 600*time.Millisecond, func(context.Context) error {
		return errors.New("replicas 0 of 2")
	})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "replicas 0 of 2")
}

func TestUntilStopsAtOnceOnErrStop(t *testing.T) {
	calls := 0
	err := Until(t.Context(), 10*time.Second, func(context.Context) error {
		calls++
		return fmt.Errorf("object was deleted: %w", ErrStop)
	})
	require.ErrorIs(t, err, ErrStop)
	assert.Equal(t, 1, calls)
}

func TestGone(t *testing.T) {
	notFound := apierrors.NewNotFound(schema.GroupResource{Resource: "pods"}, "web-0")
	ctx := t.Context()
	assert.NoError(t, Gone(func(context.Context) error { return notFound })(ctx))
	assert.ErrorContains(t, Gone(func(context.Context) error { return nil })(ctx), "still exists")
	assert.ErrorContains(t, Gone(func(context.Context) error { return errors.New("refused") })(ctx), "refused")
}

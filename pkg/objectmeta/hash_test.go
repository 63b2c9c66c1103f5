// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package objectmeta

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/utils/ptr"
)

func TestInputHashDependsOnTheInputsOnly(t *testing.T) {
	first, err := InputHash(map[string]string{"a": "1", "b": "2"})
	require.NoError(t, err)
	again, err := InputHash(map[string]string{"b": "2", "a": "1"})
	require.NoError(t, err)
	other, err := InputHash(map[string]string{"a": "1", "b": "3"})
	require.NoError(t, err)
	assert.Equal(t, first, again)
	assert.NotEqual(t, first, other)
	_, err = InputHash(func() {})
	assert.Error(t, err, "a function does not encode")
}

func TestWithoutRevisionHistoryLimitLeavesTheStoredSpecAlone(t *testing.T) {
	assert.Nil(t, WithoutRevisionHistoryLimit(nil))
	stored := &appsv1.StatefulSetSpec{Replicas: ptr.To(int32(2)), RevisionHistoryLimit: ptr.To(int32(5))}
	trimmed := WithoutRevisionHistoryLimit(stored)
	assert.Nil(t, trimmed.RevisionHistoryLimit)
	assert.Equal(t, int32(2), *trimmed.Replicas)
	assert.Equal(t, int32(5), *stored.RevisionHistoryLimit)
}

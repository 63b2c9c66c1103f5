// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package logging

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestNew(t *testing.T) {
	t.Run("json lines carry the message and attributes", func(t *testing.T) {
		var buf bytes.Buffer
		logger, err := New(&buf, "info", "json")
		require.NoError(t, err)
		logger.Info("synced", "prometheus", "default/k8s")
		var line map[string]any
		require.NoError(t, json.Unmarshal(buf.Bytes(), &line))
		assert.Equal(t, "synced", line["msg"])
		assert.Equal(t, "default/k8s", line["prometheus"])
	})
	t.Run("debug lines are dropped at info level", func(t *testing.T) {
		var buf bytes.Buffer
		logger, err := New(&buf, "info", "logfmt")
		require.NoError(t, err)
		logger.Debug("noise")
		assert.Empty(t, buf.String())
	})
	t.Run("all logs debug lines, none logs not even errors", func(t *testing.T) {
		var buf bytes.Buffer
		logger, err := New(&buf, "all", "logfmt")
		require.NoError(t, err)
		logger.Debug("noise")
		assert.Contains(t, buf.String(), "noise")
		buf.Reset()
		logger, err = New(&buf, "none", "json")
		require.NoError(t, err)
		logger.Error("broken")
		assert.Empty(t, buf.String())
	})
	t.Run("unknown values are errors", func(t *testing.T) {
		_, err := New(&bytes.Buffer{}, "loud", "logfmt")
		assert.Error(t, err)
		_, err = New(&bytes.Buffer{}, "info", "xml")
		assert.Error(t, err)
	})
}

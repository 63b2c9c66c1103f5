package reloader

import (
	"bytes"
	"compress/gzip"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped/gzippedtest"
)

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buffer bytes.Buffer
	writer := gzip.NewWriter(&buffer)
	_, err := writer.Write(data)
	require.NoError(t, err)
	require.NoError(t, writer.Close())
	return buffer.Bytes()
}

func TestExpandEnv(t *testing.T) {
	environment := map[string]string{"POD_NAME": "prometheus-k8s-1", "SHARD": "0", "EMPTY": ""}
	lookup := func(name string) (string, bool) {
		value, ok := environment[name]
		return value, ok
	}
	tests := map[string]struct {
		input          string
		wantOutput     string
		wantUnresolved []string
	}{
		"replaces a known variable": {
			input:      "replica: $(POD_NAME)",
			wantOutput: "replica: prometheus-k8s-1",
		},
		"replaces several references, including one set to the empty string": {
			input:      "a: $(SHARD)/$(POD_NAME)/$(EMPTY)",
			wantOutput: "a: 0/prometheus-k8s-1/",
		},
		"leaves an unset variable in place and reports it once": {
			input:          "a: $(MISSING) b: $(MISSING) c: $(SHARD)",
			wantOutput:     "a: $(MISSING) b: $(MISSING) c: 0",
			wantUnresolved: []string{"MISSING"},
		},
		"ignores shell-style references": {
			input:      "a: $POD_NAME ${POD_NAME} $(POD-NAME)",
			wantOutput: "a: $POD_NAME ${POD_NAME} $(POD-NAME)",
		},
		"does not expand recursively": {
			input:      "$(NESTED)",
			wantOutput: "$(SHARD)",
		},
	}
	environment["NESTED"] = "$(SHARD)"
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			output, unresolved := ExpandEnv([]byte(test.input), lookup)
			assert.Equal(t, test.wantOutput, string(output))
			assert.Equal(t, test.wantUnresolved, unresolved)
		})
	}
}

func TestExpandEnvReadsTheProcessEnvironmentByDefault(t *testing.T) {
	t.Setenv("RELOADER_TEST_VARIABLE", "from-env")
	output, unresolved := ExpandEnv([]byte("x: $(RELOADER_TEST_VARIABLE)"), nil)
	assert.Equal(t, "x: from-env", string(output))
	assert.Empty(t, unresolved)
}

func TestIsGzipped(t *testing.T) {
	tests := map[string]struct {
		data []byte
		want bool
	}{
		"gzip output is detected":                {data: gzipBytes(t, []byte("global: {}")), want: true},
		"plain YAML is not":                      {data: []byte("global: {}\n"), want: false},
		"an empty file is not":                   {data: nil, want: false},
		"two magic bytes without deflate is not": {data: []byte{0x1f, 0x8b, 0x00, 0x00}, want: false},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, test.want, IsGzipped(test.data))
		})
	}
}

func TestRenderConfig(t *testing.T) {
	lookup := func(name string) (string, bool) { return map[string]string{"SHARD": "2"}[name], name == "SHARD" }
	plain := []byte("global:\n  external_labels:\n    shard: $(SHARD)\n")
	want := "global:\n  external_labels:\n    shard: 2\n"

	t.Run("gzipped input is decompressed then expanded", func(t *testing.T) {
		rendered, unresolved, err := RenderConfig(gzipBytes(t, plain), lookup)
		require.NoError(t, err)
		assert.Equal(t, want, string(rendered))
		assert.Empty(t, unresolved)
	})
	t.Run("plain input is only expanded", func(t *testing.T) {
		rendered, _, err := RenderConfig(plain, lookup)
		require.NoError(t, err)
		assert.Equal(t, want, string(rendered))
	})
	t.Run("a truncated gzip stream is an error", func(t *testing.T) {
		compressed := gzipBytes(t, plain)
		_, _, err := RenderConfig(compressed[:len(compressed)/2], lookup)
		require.Error(t, err)
	})
	t.Run("a small gzip inflating to gigabytes fails cleanly", func(t *testing.T) {
		rendered, _, err := RenderConfig(gzippedtest.Bomb(t, 4<<30), lookup)
		require.ErrorContains(t, err, "decompressed content too large")
		assert.Nil(t, rendered)
	})
}

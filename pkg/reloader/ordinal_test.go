package reloader

import (
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStatefulSetOrdinal(t *testing.T) {
	tests := map[string]struct{ podName, want string }{
		"a StatefulSet pod name gives its ordinal":  {podName: "prometheus-k8s-12", want: "12"},
		"a shard StatefulSet pod name works too":    {podName: "prometheus-k8s-shard-1-0", want: "0"},
		"a name without trailing digits gives none": {podName: "prometheus-k8s-abc", want: ""},
		"an empty name gives none":                  {podName: "", want: ""},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, test.want, StatefulSetOrdinal(test.podName))
		})
	}
}

func TestSetStatefulSetOrdinalSetsTheVariable(t *testing.T) {
	t.Setenv("RELOADER_TEST_POD", "prometheus-main-7")
	t.Setenv(StatefulSetOrdinalEnvVar, "stale")
	require.NoError(t, SetStatefulSetOrdinal("RELOADER_TEST_POD"))
	assert.Equal(t, "7", os.Getenv(StatefulSetOrdinalEnvVar))
}

package reloader

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestParseObjectReference(t *testing.T) {
	tests := map[string]struct {
		value   string
		want    ObjectReference
		wantErr bool
	}{
		"namespace and name":       {value: "monitoring/prometheus-k8s", want: ObjectReference{Namespace: "monitoring", Name: "prometheus-k8s"}},
		"a dotted name is allowed": {value: "default/a.b", want: ObjectReference{Namespace: "default", Name: "a.b"}},
		"no slash":                 {value: "prometheus-k8s", wantErr: true},
		"empty name":               {value: "monitoring/", wantErr: true},
		"empty namespace":          {value: "/name", wantErr: true},
		"too many parts":           {value: "a/b/c", wantErr: true},
		"invalid namespace":        {value: "Mon_itoring/x", wantErr: true},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			got, err := ParseObjectReference(test.value)
			if test.wantErr {
				require.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, test.want, got)
			assert.Equal(t, test.value, got.String())
		})
	}
}

func TestParseConfigMapTarget(t *testing.T) {
	target, err := ParseConfigMapTarget("monitoring/prometheus-k8s-rulefiles-0", "/etc/prometheus/rules")
	require.NoError(t, err)
	assert.Equal(t, "/etc/prometheus/rules/prometheus-k8s-rulefiles-0", target.Dir)

	target, err = ParseConfigMapTarget("monitoring/rules=/data/rules", "/etc/prometheus/rules")
	require.NoError(t, err)
	assert.Equal(t, ConfigMapTarget{Object: ObjectReference{Namespace: "monitoring", Name: "rules"}, Dir: "/data/rules"}, target)

	_, err = ParseConfigMapTarget("monitoring/rules=", "/etc/prometheus/rules")
	require.Error(t, err)
}

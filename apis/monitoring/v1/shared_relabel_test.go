// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"testing"

	"github.com/stretchr/testify/assert"
	corev1 "k8s.io/api/core/v1"
)

func TestRelabelActionNormalized(t *testing.T) {
	tests := map[string]struct {
		action RelabelAction
		want   RelabelAction
	}{
		"an empty action means replace":         {action: "", want: RelabelActionReplace},
		"the lower-case spelling is unchanged":  {action: "hashmod", want: RelabelActionHashMod},
		"CamelCase is lowered":                  {action: "LabelDrop", want: RelabelActionLabelDrop},
		"another CamelCase spelling is lowered": {action: "KeepEqual", want: RelabelActionKeepEqual},
	}
	for name, test := range tests {
		t.Run(name, func(t *testing.T) {
			assert.Equal(t, test.want, test.action.Normalized())
		})
	}
}

func TestSecretOrConfigMapIsEmpty(t *testing.T) {
	var unset *SecretOrConfigMap
	assert.True(t, unset.IsEmpty(), "a nil reference is empty")
	assert.True(t, (&SecretOrConfigMap{}).IsEmpty())
	assert.False(t, (&SecretOrConfigMap{Secret: &corev1.SecretKeySelector{Key: "ca.crt"}}).IsEmpty())
	assert.False(t, (&SecretOrConfigMap{ConfigMap: &corev1.ConfigMapKeySelector{Key: "ca.crt"}}).IsEmpty())
}

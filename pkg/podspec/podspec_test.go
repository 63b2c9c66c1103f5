// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package podspec

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

func TestImageReference(t *testing.T) {
	for name, test := range map[string]struct {
		image, base, version, tag, digest string
		want, err                         string
	}{
		"an explicit image wins":         {image: "x/y:z", base: "quay.io/a", version: "v1", want: "x/y:z"},
		"base and version":               {base: "quay.io/thanos/thanos", version: "v0.42.4", want: "quay.io/thanos/thanos:v0.42.4"},
		"a tag wins over the version":    {base: "b", version: "v1", tag: "t", want: "b:t"},
		"a digest wins over the tag":     {base: "b", version: "v1", tag: "t", digest: "abc", want: "b@sha256:abc"},
		"a base with a tag is kept":      {base: "registry:5000/b:pinned", version: "v1", want: "registry:5000/b:pinned"},
		"a registry port is not a tag":   {base: "registry:5000/b", version: "v1", want: "registry:5000/b:v1"},
		"no base":                        {version: "v1", err: "no image"},
		"no version":                     {base: "b", err: "no version"},
		"a base that is no image at all": {base: "b c", version: "v1", err: "not an image reference"},
	} {
		t.Run(name, func(t *testing.T) {
			got, err := ImageReference(test.image, test.base, test.version, test.tag, test.digest)
			if test.err != "" {
				assert.ErrorContains(t, err, test.err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, test.want, got)
		})
	}
}

func TestDataVolume(t *testing.T) {
	volume, claim := DataVolume(nil, "data")
	assert.Nil(t, claim)
	assert.NotNil(t, volume.EmptyDir)
	assert.Equal(t, "data", volume.Name)

	volume, claim = DataVolume(&monitoringv1.StorageSpec{VolumeClaimTemplate: monitoringv1.EmbeddedPersistentVolumeClaim{}}, "data")
	assert.Nil(t, volume)
	assert.Equal(t, "data", claim.Name)
	assert.Equal(t, []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}, claim.Spec.AccessModes)
}

func TestApplyDNS(t *testing.T) {
	pod := corev1.PodSpec{}
	ApplyDNS(&pod, true, nil, nil)
	assert.Equal(t, corev1.DNSClusterFirstWithHostNet, pod.DNSPolicy, "host network keeps cluster names resolvable")
	policy := monitoringv1.DNSPolicy("Default")
	ApplyDNS(&pod, true, &policy, &monitoringv1.PodDNSConfig{Searches: []string{"svc"}})
	assert.Equal(t, corev1.DNSDefault, pod.DNSPolicy, "the spec's policy wins")
	assert.Equal(t, []string{"svc"}, pod.DNSConfig.Searches)
}

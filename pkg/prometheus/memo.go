// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package prometheus

import (
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// newWriteMemos builds the memos of what the controllers wrote, reading
// resourceVersions from the metadata-only Secret and ConfigMap informers:
// on a converged resync the generated Secrets and ConfigMaps cost no
// request (see kube.WriteMemo).
func (o *Operator) newWriteMemos() {
	o.secretMemo = kube.NewWriteMemo(metadataVersion(o.informers.Secrets))
	o.configMapMemo = kube.NewWriteMemo(metadataVersion(o.informers.ConfigMaps))
}

// metadataVersion looks resourceVersions up in a metadata-only informer
// set; a nil set holds nothing.
func metadataVersion(set *kube.InformerSet) kube.VersionLookup {
	return func(namespace, name string) (string, bool) {
		if set == nil {
			return "", false
		}
		meta, found, err := kube.GetAs[*metav1.PartialObjectMetadata](set, namespace, name)
		if err != nil || !found {
			return "", false
		}
		return meta.ResourceVersion, true
	}
}

// memoOwner groups what the memos hold for one workload.
func (c *workloadController) memoOwner(p metav1.Object) string {
	return c.kind.controllerName() + "/" + p.GetNamespace() + "/" + p.GetName()
}

// remembered is how the workload's Secret writes use the Secret memo;
// digest fingerprints the desired object (empty: the whole object).
func (c *workloadController) remembered(p metav1.Object, digest string) kube.Remembered {
	return kube.Remembered{Memo: c.operator.secretMemo, Owner: c.memoOwner(p), Digest: digest}
}

// forgetWrites drops what the memos hold for a deleted workload.
func (c *workloadController) forgetWrites(namespace, name string) {
	owner := c.kind.controllerName() + "/" + namespace + "/" + name
	c.operator.secretMemo.ForgetOwner(owner)
	c.operator.configMapMemo.ForgetOwner(owner)
}

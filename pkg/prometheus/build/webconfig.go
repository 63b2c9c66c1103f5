// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package build

import (
	"fmt"
	"path"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/k8sutil"
)

// WebConfigFilePath is where Prometheus reads its web configuration file.
var WebConfigFilePath = path.Join(WebConfigDir, WebConfigFileName)

// WebTLSKeyPath is where the web server's private key from keySecret is
// mounted; the web configuration file must point there.
func WebTLSKeyPath(tls *monitoringv1.WebTLSConfig) string {
	return path.Join(WebConfigDir, "secret", tls.KeySecret.Name+"-key")
}

// WebTLSCertPath is where the web server's certificate is mounted, empty
// when it comes from a file (certFile) instead of a Secret or ConfigMap.
func WebTLSCertPath(tls *monitoringv1.WebTLSConfig) string {
	return sourcePath(tls.Cert, "cert")
}

// WebTLSClientCAPath is where the client CA is mounted, empty when it comes
// from a file (clientCAFile) instead of a Secret or ConfigMap.
func WebTLSClientCAPath(tls *monitoringv1.WebTLSConfig) string {
	return sourcePath(tls.ClientCA, "ca")
}

func sourcePath(source monitoringv1.SecretOrConfigMap, role string) string {
	switch {
	case source.Secret != nil:
		return path.Join(WebConfigDir, "secret", source.Secret.Name+"-"+role)
	case source.ConfigMap != nil:
		return path.Join(WebConfigDir, "configmap", source.ConfigMap.Name+"-"+role)
	}
	return ""
}

// webConfigVolumes mounts the web configuration file, from its Secret, and
// the TLS credentials it refers to. Each credential's Secret or ConfigMap is
// mounted whole (not by sub-path), so that renewed certificates reach the
// pod: Prometheus reads them on every handshake.
func (w *workload) webConfigVolumes() ([]corev1.Volume, []corev1.VolumeMount, error) {
	mounted := &podVolumes{}
	mounted.addVolume(corev1.Volume{Name: webConfigVolumeName, VolumeSource: corev1.VolumeSource{
		Secret: &corev1.SecretVolumeSource{SecretName: WebConfigSecretName(w.object)},
	}})
	mounted.mountInPrometheus(corev1.VolumeMount{Name: webConfigVolumeName, SubPath: WebConfigFileName, ReadOnly: true, MountPath: WebConfigFilePath})
	if !w.webTLS() {
		return mounted.volumes, mounted.prometheus, nil
	}

	tls := w.common.Web.TLSConfig
	if tls.KeySecret.Name != "" {
		key := monitoringv1.SecretOrConfigMap{Secret: &tls.KeySecret}
		if err := mountCredential(mounted, key, "key", WebTLSKeyPath(tls)); err != nil {
			return nil, nil, err
		}
	}
	if err := mountCredential(mounted, tls.Cert, "cert", WebTLSCertPath(tls)); err != nil {
		return nil, nil, err
	}
	if err := mountCredential(mounted, tls.ClientCA, "client-ca", WebTLSClientCAPath(tls)); err != nil {
		return nil, nil, err
	}
	return mounted.volumes, mounted.prometheus, nil
}

// mountCredential mounts the Secret or ConfigMap of one TLS credential at
// mountPath; it does nothing when the credential comes from a file.
func mountCredential(mounted *podVolumes, source monitoringv1.SecretOrConfigMap, role, mountPath string) error {
	var volume corev1.Volume
	var kind, objectName string
	switch {
	case source.Secret != nil:
		kind, objectName = "secret", source.Secret.Name
		volume.Secret = &corev1.SecretVolumeSource{SecretName: objectName}
	case source.ConfigMap != nil:
		kind, objectName = "configmap", source.ConfigMap.Name
		volume.ConfigMap = &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: objectName}}
	default:
		return nil
	}
	name, err := k8sutil.UniqueDNS1123Label(webConfigTLSVolumePrefix+kind+"-"+role, objectName)
	if err != nil {
		return fmt.Errorf("volume for the web TLS %s in %s %q: %w", role, kind, objectName, err)
	}
	volume.Name = name
	mounted.addVolume(volume)
	mounted.mountInPrometheus(corev1.VolumeMount{Name: name, ReadOnly: true, MountPath: mountPath})
	return nil
}

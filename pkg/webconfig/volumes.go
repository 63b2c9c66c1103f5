// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package webconfig

import (
	"fmt"
	"path"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
)

// Volume names of the web configuration.
const (
	// VolumeName is the volume of the web configuration file.
	VolumeName = "web-config"
	// TLSVolumePrefix starts the names of the TLS credential volumes.
	TLSVolumePrefix = "web-config-tls-"
)

// Layout says where a workload mounts its web configuration: the folder
// (for example /etc/prometheus/web_config), the file name inside it and
// the Secret holding the file.
type Layout struct {
	Dir        string
	FileName   string
	SecretName string
}

// FilePath is where the server reads the web configuration file.
func (l Layout) FilePath() string { return path.Join(l.Dir, l.FileName) }

// KeyPath is where the private key from keySecret is mounted; the web
// configuration file must point there.
func (l Layout) KeyPath(tls *monitoringv1.WebTLSConfig) string {
	return path.Join(l.Dir, "secret", tls.KeySecret.Name+"-key")
}

// CertPath is where the certificate is mounted, empty when it comes from a
// file (certFile) instead of a Secret or ConfigMap.
func (l Layout) CertPath(tls *monitoringv1.WebTLSConfig) string {
	return l.sourcePath(tls.Cert, "cert")
}

// ClientCAPath is where the client CA is mounted, empty when it comes from
// a file (clientCAFile) instead of a Secret or ConfigMap.
func (l Layout) ClientCAPath(tls *monitoringv1.WebTLSConfig) string {
	return l.sourcePath(tls.ClientCA, "ca")
}

func (l Layout) sourcePath(source monitoringv1.SecretOrConfigMap, role string) string {
	switch {
	case source.Secret != nil:
		return path.Join(l.Dir, "secret", source.Secret.Name+"-"+role)
	case source.ConfigMap != nil:
		return path.Join(l.Dir, "configmap", source.ConfigMap.Name+"-"+role)
	}
	return ""
}

// Volumes mounts the web configuration file, from its Secret, and the TLS
// credentials tls refers to (nil: none). Each credential's Secret or
// ConfigMap is mounted whole (not by sub-path), so that renewed
// certificates reach the pod: servers read them on every handshake.
func (l Layout) Volumes(tls *monitoringv1.WebTLSConfig) ([]corev1.Volume, []corev1.VolumeMount, error) {
	volumes := []corev1.Volume{{Name: VolumeName, VolumeSource: corev1.VolumeSource{
		Secret: &corev1.SecretVolumeSource{SecretName: l.SecretName},
	}}}
	mounts := []corev1.VolumeMount{{Name: VolumeName, SubPath: l.FileName, ReadOnly: true, MountPath: l.FilePath()}}
	if tls == nil {
		return volumes, mounts, nil
	}
	var credentials []credential
	if tls.KeySecret.Name != "" {
		credentials = append(credentials, credential{role: "key", source: monitoringv1.SecretOrConfigMap{Secret: &tls.KeySecret}, mountPath: l.KeyPath(tls)})
	}
	credentials = append(credentials,
		credential{role: "cert", source: tls.Cert, mountPath: l.CertPath(tls)},
		credential{role: "client-ca", source: tls.ClientCA, mountPath: l.ClientCAPath(tls)},
	)
	for _, credential := range credentials {
		volume, ok, err := credentialVolume(credential.source, credential.role)
		if err != nil {
			return nil, nil, err
		}
		if !ok {
			continue
		}
		volumes = append(volumes, volume)
		mounts = append(mounts, corev1.VolumeMount{Name: volume.Name, ReadOnly: true, MountPath: credential.mountPath})
	}
	return volumes, mounts, nil
}

// credential is one TLS file of the web server and where it is mounted.
type credential struct {
	source    monitoringv1.SecretOrConfigMap
	role      string
	mountPath string
}

// credentialVolume is the volume of one TLS credential's Secret or
// ConfigMap; ok is false when the credential comes from a file.
func credentialVolume(source monitoringv1.SecretOrConfigMap, role string) (volume corev1.Volume, ok bool, err error) {
	var kind, objectName string
	switch {
	case source.Secret != nil:
		kind, objectName = "secret", source.Secret.Name
		volume.Secret = &corev1.SecretVolumeSource{SecretName: objectName}
	case source.ConfigMap != nil:
		kind, objectName = "configmap", source.ConfigMap.Name
		volume.ConfigMap = &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: objectName}}
	default:
		return corev1.Volume{}, false, nil
	}
	name, err := objectmeta.UniqueDNS1123Label(TLSVolumePrefix+kind+"-"+role, objectName)
	if err != nil {
		return corev1.Volume{}, false, fmt.Errorf("volume for the web TLS %s in %s %q: %w", role, kind, objectName, err)
	}
	volume.Name = name
	return volume, true, nil
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"fmt"
	"path"
	"slices"

	corev1 "k8s.io/api/core/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
	"github.com/seed-6daed11e/prometheus-operator/pkg/webconfig"
)

// Volume names.
const (
	configVolumeName     = "config-volume"
	configOutVolumeName  = "config-out"
	templatesVolumeName  = "notification-templates"
	clusterTLSVolumeName = "cluster-tls-config"
	storageSubPath       = "alertmanager-db"
	clusterServerPrefix  = "cluster-tls-server-config-"
	clusterClientPrefix  = "cluster-tls-client-config-"
)

// podVolumes gathers the pod's volumes, the mounts of each container and
// the folders the reloader watches.
type podVolumes struct {
	pod          []corev1.Volume
	claims       []corev1.PersistentVolumeClaim
	alertmanager []corev1.VolumeMount
	reloader     []corev1.VolumeMount
	initReloader []corev1.VolumeMount
	watchedDirs  []string
}

// add adds a volume mounted in Alertmanager at mountPath; watched volumes
// are also mounted in the reloader, which reloads Alertmanager when they
// change.
func (v *podVolumes) add(volume corev1.Volume, mount corev1.VolumeMount, watched bool) {
	v.pod = append(v.pod, volume)
	v.alertmanager = append(v.alertmanager, mount)
	if watched {
		v.reloader = append(v.reloader, mount)
		v.watchedDirs = append(v.watchedDirs, mount.MountPath)
	}
}

// volumes lays out the pod's volumes in upstream's order: configuration,
// TLS assets, rendered configuration, templates, user Secrets and
// ConfigMaps, web and cluster TLS configuration, storage, spec.volumes.
func (b *builder) volumes() (*podVolumes, error) {
	spec := b.am.Spec
	v := &podVolumes{}
	v.pod = append(v.pod,
		corev1.Volume{Name: configVolumeName, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: GeneratedSecretName(b.am)},
		}},
		assets.TLSAssetsVolume(b.opts.TLSAssetSecretNames),
		corev1.Volume{Name: configOutVolumeName, VolumeSource: corev1.VolumeSource{
			EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory},
		}},
	)
	configMount := corev1.VolumeMount{Name: configVolumeName, MountPath: configDir}
	configOutMount := corev1.VolumeMount{Name: configOutVolumeName, MountPath: configOutDir}
	v.alertmanager = append(v.alertmanager, configMount,
		corev1.VolumeMount{Name: configOutVolumeName, MountPath: configOutDir, ReadOnly: true},
		corev1.VolumeMount{Name: assets.TLSAssetsVolumeName, MountPath: amcfg.TLSAssetsDir, ReadOnly: true},
	)
	readOnlyConfig := configMount
	readOnlyConfig.ReadOnly = true
	v.reloader = append(v.reloader, readOnlyConfig, configOutMount)
	v.initReloader = append(v.initReloader, readOnlyConfig, configOutMount)
	v.watchedDirs = append(v.watchedDirs, configDir)

	storageMount := b.storageMount()
	v.alertmanager = append(v.alertmanager, storageMount)
	if templates := b.templatesVolume(); templates != nil {
		v.add(*templates, corev1.VolumeMount{Name: templatesVolumeName, MountPath: amcfg.TemplatesDir, ReadOnly: true}, true)
	}
	if err := b.addUserVolumes(v); err != nil {
		return nil, err
	}
	v.alertmanager = append(v.alertmanager, spec.VolumeMounts...)
	if b.supports("0.22.0") {
		if err := b.addWebConfigVolumes(v); err != nil {
			return nil, err
		}
	}
	if spec.ClusterTLS != nil && b.supports("0.24.0") {
		if err := b.addClusterTLSVolumes(v); err != nil {
			return nil, err
		}
	}
	storageVolume, claim := podspec.DataVolume(spec.Storage, storageVolumeName(b.am))
	if storageVolume != nil {
		v.pod = append(v.pod, *storageVolume)
	} else {
		v.claims = append(v.claims, *claim)
	}
	v.pod = append(v.pod, spec.Volumes...)
	return v, nil
}

// addUserVolumes mounts spec.secrets and spec.configMaps, in Alertmanager
// and in the reloader, which watches them.
func (b *builder) addUserVolumes(v *podVolumes) error {
	for _, name := range b.am.Spec.Secrets {
		volumeName, err := objectmeta.DNS1123Label("secret-", name)
		if err != nil {
			return fmt.Errorf("spec.secrets %q: %w", name, err)
		}
		v.add(corev1.Volume{Name: volumeName, VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: name}}},
			corev1.VolumeMount{Name: volumeName, MountPath: path.Join(secretsDir, name), ReadOnly: true}, true)
	}
	for _, name := range b.am.Spec.ConfigMaps {
		volumeName, err := objectmeta.DNS1123Label("configmap-", name)
		if err != nil {
			return fmt.Errorf("spec.configMaps %q: %w", name, err)
		}
		v.add(corev1.Volume{Name: volumeName, VolumeSource: corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: name},
		}}}, corev1.VolumeMount{Name: volumeName, MountPath: path.Join(configMapsDir, name), ReadOnly: true}, true)
	}
	return nil
}

// templatesVolume projects the templates of spec.alertmanagerConfiguration
// into one folder, each key under its own name; a key already projected is
// skipped.
func (b *builder) templatesVolume() *corev1.Volume {
	configuration := b.am.Spec.AlertmanagerConfiguration
	if configuration == nil || len(configuration.Templates) == 0 {
		return nil
	}
	var sources []corev1.VolumeProjection
	var keys []string
	for _, template := range configuration.Templates {
		if cm := template.ConfigMap; cm != nil && !slices.Contains(keys, cm.Key) {
			keys = append(keys, cm.Key)
			sources = append(sources, corev1.VolumeProjection{ConfigMap: &corev1.ConfigMapProjection{
				LocalObjectReference: cm.LocalObjectReference, Items: []corev1.KeyToPath{{Key: cm.Key, Path: cm.Key}},
			}})
		}
		if secret := template.Secret; secret != nil && !slices.Contains(keys, secret.Key) {
			keys = append(keys, secret.Key)
			sources = append(sources, corev1.VolumeProjection{Secret: &corev1.SecretProjection{
				LocalObjectReference: secret.LocalObjectReference, Items: []corev1.KeyToPath{{Key: secret.Key, Path: secret.Key}},
			}})
		}
	}
	return &corev1.Volume{Name: templatesVolumeName, VolumeSource: corev1.VolumeSource{
		Projected: &corev1.ProjectedVolumeSource{Sources: sources},
	}}
}

// storageMount mounts the data volume; with a storage spec the data lives
// in a sub-folder, away from what the file system keeps at its root.
func (b *builder) storageMount() corev1.VolumeMount {
	mount := corev1.VolumeMount{Name: storageVolumeName(b.am), MountPath: storageDir}
	if storage := b.am.Spec.Storage; storage != nil && !storage.DisableMountSubPath { //nolint:staticcheck // Deprecated field, still honoured.
		mount.SubPath = storageSubPath
	}
	if storage := b.am.Spec.Storage; storage != nil && storage.VolumeClaimTemplate.Name != "" {
		mount.Name = storage.VolumeClaimTemplate.Name
	}
	return mount
}

// addClusterTLSVolumes mounts the cluster TLS file and the Secrets and
// ConfigMaps of the credentials it names.
func (b *builder) addClusterTLSVolumes(v *podVolumes) error {
	v.pod = append(v.pod, corev1.Volume{Name: clusterTLSVolumeName, VolumeSource: corev1.VolumeSource{
		Secret: &corev1.SecretVolumeSource{SecretName: ClusterTLSSecretName(b.am)},
	}})
	v.alertmanager = append(v.alertmanager, corev1.VolumeMount{
		Name: clusterTLSVolumeName, MountPath: path.Join(clusterTLSDir, clusterTLSFile), SubPath: clusterTLSFile, ReadOnly: true,
	})
	tls := b.am.Spec.ClusterTLS
	server := []credential{
		{role: "key", source: monitoringv1.SecretOrConfigMap{Secret: &tls.ServerTLS.KeySecret}},
		{role: "cert", source: tls.ServerTLS.Cert},
		{role: "client-ca", source: tls.ServerTLS.ClientCA},
	}
	client := []credential{{role: "ca", source: tls.ClientTLS.CA}, {role: "cert", source: tls.ClientTLS.Cert}}
	if tls.ClientTLS.KeySecret != nil {
		client = append(client, credential{role: "key", source: monitoringv1.SecretOrConfigMap{Secret: tls.ClientTLS.KeySecret}})
	}
	for _, group := range []struct {
		prefix, dir string
		credentials []credential
	}{
		{clusterServerPrefix, path.Join(clusterTLSDir, "server_tls"), server},
		{clusterClientPrefix, path.Join(clusterTLSDir, "client_tls"), client},
	} {
		for _, item := range group.credentials {
			if err := mountCredential(v, group.prefix, group.dir, item); err != nil {
				return fmt.Errorf("spec.clusterTLS: %w", err)
			}
		}
	}
	return nil
}

// addWebConfigVolumes mounts the web configuration file, in Alertmanager and
// in the reloader, and the web TLS credentials it names.
func (b *builder) addWebConfigVolumes(v *podVolumes) error {
	var tls *monitoringv1.WebTLSConfig
	if b.webTLS() {
		tls = b.am.Spec.Web.TLSConfig
	}
	volumes, mounts, err := webConfigLayout(b.am).Volumes(tls)
	if err != nil {
		return fmt.Errorf("spec.web.tlsConfig: %w", err)
	}
	v.pod = append(v.pod, volumes...)
	v.alertmanager = append(v.alertmanager, mounts...)
	// The first mount is the file itself, which the reloader reads too.
	v.reloader = append(v.reloader, mounts[0])
	return nil
}

// webConfigLayout is where the web configuration file and its TLS
// credentials are mounted.
func webConfigLayout(am *monitoringv1.Alertmanager) webconfig.Layout {
	return webconfig.Layout{Dir: webConfigDir, FileName: webConfigFile, SecretName: WebConfigSecretName(am)}
}

// credential is one TLS file taken from a Secret or ConfigMap.
type credential struct {
	role   string
	source monitoringv1.SecretOrConfigMap
}

// mountCredential mounts the Secret or ConfigMap of a credential under dir,
// once per object; credentials given as files need nothing.
func mountCredential(v *podVolumes, prefix, dir string, item credential) error {
	var volume corev1.Volume
	var kind, name string
	switch {
	case item.source.Secret != nil && item.source.Secret.Name != "":
		kind, name = "secret", item.source.Secret.Name
		volume.Secret = &corev1.SecretVolumeSource{SecretName: name}
	case item.source.ConfigMap != nil && item.source.ConfigMap.Name != "":
		kind, name = "configmap", item.source.ConfigMap.Name
		volume.ConfigMap = &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: name}}
	default:
		return nil
	}
	volumeName, err := objectmeta.UniqueDNS1123Label(prefix+kind+"-", name)
	if err != nil {
		return fmt.Errorf("%s %s %q: %w", item.role, kind, name, err)
	}
	if slices.ContainsFunc(v.pod, func(existing corev1.Volume) bool { return existing.Name == volumeName }) {
		return nil
	}
	volume.Name = volumeName
	v.pod = append(v.pod, volume)
	v.alertmanager = append(v.alertmanager, corev1.VolumeMount{
		Name: volumeName, MountPath: path.Join(dir, kind, name), ReadOnly: true,
	})
	return nil
}

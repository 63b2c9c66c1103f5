// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"path"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
)

// podVolumes collects the volumes of a pod and the mounts of its containers
// as the builders add them.
type podVolumes struct {
	volumes    []corev1.Volume
	prometheus []corev1.VolumeMount
	reloader   []corev1.VolumeMount
}

func (v *podVolumes) addVolume(volumes ...corev1.Volume) { v.volumes = append(v.volumes, volumes...) }

func (v *podVolumes) mountInPrometheus(mounts ...corev1.VolumeMount) {
	v.prometheus = append(v.prometheus, mounts...)
}

func (v *podVolumes) mountInReloader(mounts ...corev1.VolumeMount) {
	v.reloader = append(v.reloader, mounts...)
}

// commonVolumes adds what servers and agents both mount: the configuration
// Secret (reloaders only), the rendered configuration, the TLS assets, the
// data volume (not for DaemonSets, which have none), the user's mounts,
// Secrets and ConfigMaps, and the scrape failure log folder.
func (w *workload) commonVolumes(volumes *podVolumes, tlsAssetSecretNames, configSiblingNames []string) error {
	volumes.addVolume(
		configVolume(ConfigSecretName(w.object), configSiblingNames),
		assets.TLSAssetsVolume(tlsAssetSecretNames),
		// The rendered configuration holds expanded secrets: keep it in memory.
		corev1.Volume{Name: configOutVolumeName, VolumeSource: corev1.VolumeSource{
			EmptyDir: &corev1.EmptyDirVolumeSource{Medium: corev1.StorageMediumMemory},
		}},
	)
	volumes.mountInPrometheus(
		corev1.VolumeMount{Name: configOutVolumeName, ReadOnly: true, MountPath: ConfigOutDir},
		corev1.VolumeMount{Name: assets.TLSAssetsVolumeName, ReadOnly: true, MountPath: TLSAssetsDir},
	)
	volumes.mountInReloader(
		corev1.VolumeMount{Name: configVolumeName, MountPath: ConfigDir},
		corev1.VolumeMount{Name: configOutVolumeName, MountPath: ConfigOutDir},
	)
	if !w.daemonSet {
		volumes.mountInPrometheus(w.dataVolumeMount())
	}
	volumes.mountInPrometheus(w.common.VolumeMounts...)

	if err := w.addNamedSourceVolumes(volumes); err != nil {
		return err
	}
	if file := w.common.ScrapeFailureLogFile; file != nil && UsesLogVolume(*file) {
		addLogFileVolume(volumes)
	}
	return nil
}

// configVolume is the configuration Secret as a Secret volume, or, for a
// configuration split across sibling Secrets, a projected volume of the
// configuration Secret and every sibling: their keys differ, so the pieces
// land side by side in one folder, which the kubelet refreshes as a whole.
// Siblings are optional, so that the pods keep running while stale ones
// are deleted or padding ones do not exist.
func configVolume(secretName string, siblingNames []string) corev1.Volume {
	if len(siblingNames) == 0 {
		return corev1.Volume{Name: configVolumeName, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: secretName},
		}}
	}
	sources := []corev1.VolumeProjection{{Secret: &corev1.SecretProjection{
		LocalObjectReference: corev1.LocalObjectReference{Name: secretName},
	}}}
	for _, name := range siblingNames {
		sources = append(sources, corev1.VolumeProjection{Secret: &corev1.SecretProjection{
			LocalObjectReference: corev1.LocalObjectReference{Name: name},
			Optional:             ptr.To(true),
		}})
	}
	return corev1.Volume{Name: configVolumeName, VolumeSource: corev1.VolumeSource{
		Projected: &corev1.ProjectedVolumeSource{Sources: sources},
	}}
}

// addNamedSourceVolumes mounts each Secret and ConfigMap the spec lists
// under SecretsDir/<name> and ConfigMapsDir/<name>.
func (w *workload) addNamedSourceVolumes(volumes *podVolumes) error {
	for _, secret := range w.common.Secrets {
		name, err := objectmeta.DNS1123Label("secret", secret)
		if err != nil {
			return fmt.Errorf("volume for secret %q: %w", secret, err)
		}
		volumes.addVolume(corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: secret},
		}})
		volumes.mountInPrometheus(corev1.VolumeMount{Name: name, ReadOnly: true, MountPath: path.Join(SecretsDir, secret)})
	}
	for _, configMap := range w.common.ConfigMaps {
		name, err := objectmeta.DNS1123Label("configmap", configMap)
		if err != nil {
			return fmt.Errorf("volume for configmap %q: %w", configMap, err)
		}
		volumes.addVolume(corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{
			ConfigMap: &corev1.ConfigMapVolumeSource{LocalObjectReference: corev1.LocalObjectReference{Name: configMap}},
		}})
		volumes.mountInPrometheus(corev1.VolumeMount{Name: name, ReadOnly: true, MountPath: path.Join(ConfigMapsDir, configMap)})
	}
	return nil
}

func addLogFileVolume(volumes *podVolumes) {
	volumes.addVolume(corev1.Volume{Name: logFileVolumeName, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
	volumes.mountInPrometheus(corev1.VolumeMount{Name: logFileVolumeName, MountPath: LogDir})
}

// serverVolumes adds the query log folder (unless the scrape failure log
// already brought it) and the rule ConfigMaps. Rule ConfigMaps are optional:
// names past the last existing ConfigMap are mounted ahead of need. When the
// reloader reads them through the API (apiWatch), each rule folder is an
// emptyDir the reloader fills instead.
func (w *workload) serverVolumes(volumes *podVolumes, ruleConfigMapNames []string, apiWatch bool) {
	queryLog := UsesLogVolume(w.server.QueryLogFile) && w.common.ScrapeFailureLogFile == nil
	if queryLog {
		volumes.addVolume(corev1.Volume{Name: logFileVolumeName, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}})
	}
	optional := true
	for _, name := range ruleConfigMapNames {
		source := corev1.VolumeSource{ConfigMap: &corev1.ConfigMapVolumeSource{
			LocalObjectReference: corev1.LocalObjectReference{Name: name},
			Optional:             &optional,
		}}
		if apiWatch {
			source = corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}
		}
		volumes.addVolume(corev1.Volume{Name: name, VolumeSource: source})
	}
	for _, name := range ruleConfigMapNames {
		volumes.mountInPrometheus(corev1.VolumeMount{Name: name, ReadOnly: true, MountPath: path.Join(RulesDir, name)})
	}
	if queryLog {
		volumes.mountInPrometheus(corev1.VolumeMount{Name: logFileVolumeName, MountPath: LogDir})
	}
}

// ruleWatchedDirs mounts the rule ConfigMaps into the reloader and returns
// the folders it must watch.
func ruleWatchedDirs(volumes *podVolumes, ruleConfigMapNames []string) []string {
	dirs := make([]string, 0, len(ruleConfigMapNames))
	for _, name := range ruleConfigMapNames {
		dir := path.Join(RulesDir, name)
		volumes.mountInReloader(corev1.VolumeMount{Name: name, MountPath: dir})
		dirs = append(dirs, dir)
	}
	return dirs
}

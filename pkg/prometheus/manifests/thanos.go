// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"path"

	"github.com/blang/semver/v4"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

// thanosShipperMetaFile is the file the sidecar records uploaded blocks in;
// with delayed compaction Prometheus reads it to compact only uploaded blocks.
const thanosShipperMetaFile = "thanos.shipper.json"

// compaction says how Prometheus compacts its blocks while a Thanos sidecar
// uploads them.
type compaction int

const (
	// compactionDefault: nothing is uploaded, Prometheus compacts as usual.
	compactionDefault compaction = iota
	// compactionDisabled: min and max block durations are pinned so the
	// sidecar uploads every block before anything merges them.
	compactionDisabled
	// compactionDelayed: Prometheus compacts only blocks the sidecar's meta
	// file lists as uploaded (Prometheus 3.9 and Thanos 0.41 onwards).
	compactionDelayed
)

// thanosVersion parses the sidecar version, the default one when unset.
func thanosVersion(thanos *monitoringv1.ThanosSpec) (semver.Version, error) {
	raw := ptr.Deref(thanos.Version, operator.DefaultThanosVersion)
	parsed, err := semver.ParseTolerant(raw)
	if err != nil {
		return semver.Version{}, fmt.Errorf("parse Thanos version %q: %w", raw, err)
	}
	return parsed, nil
}

func uploadsBlocks(thanos *monitoringv1.ThanosSpec) bool {
	return thanos != nil && (thanos.ObjectStorageConfig != nil || thanos.ObjectStorageConfigFile != nil)
}

// compactionMode decides the compaction of a server.
func (w *workload) compactionMode() (compaction, error) {
	if w.server.DisableCompaction {
		return compactionDisabled, nil
	}
	thanos := w.thanos()
	if !uploadsBlocks(thanos) {
		return compactionDefault, nil
	}
	sidecar, err := thanosVersion(thanos)
	if err != nil {
		return compactionDefault, err
	}
	if w.version.Supports("3.9.0") && sidecar.GTE(semver.MustParse("0.41.0")) {
		return compactionDelayed, nil
	}
	return compactionDisabled, nil
}

// compactionArgs adds the Prometheus flags of the compaction mode, and
// forbids overlapping compaction when out-of-order samples could otherwise
// merge blocks the sidecar has not uploaded yet.
func (w *workload) compactionArgs(args *argumentList, mode compaction) {
	switch mode {
	case compactionDisabled:
		blockDuration := "2h"
		if thanos := w.thanos(); thanos != nil {
			blockDuration = valueOr(string(thanos.BlockDuration), blockDuration)
		}
		args.add("storage.tsdb.max-block-duration", blockDuration)
		args.add("storage.tsdb.min-block-duration", blockDuration)
	case compactionDelayed:
		args.add("storage.tsdb.delay-compact-file.path", path.Join(StorageDir, thanosShipperMetaFile))
	}
	tsdb := w.common.TSDB
	if tsdb != nil && tsdb.OutOfOrderTimeWindow != nil && mode != compactionDefault {
		const flag = "no-storage.tsdb.allow-overlapping-compaction"
		args.addIf(w.version.AtLeast("2.55.0").Check(flag), flag, "")
	}
}

// thanosSidecar builds the Thanos sidecar container and the volumes only it
// needs, or nothing when spec.thanos is unset.
func (w *workload) thanosSidecar(config *operator.Config, mode compaction) (*corev1.Container, []corev1.Volume, error) {
	thanos := w.thanos()
	if thanos == nil {
		return nil, nil, nil
	}
	image, err := podspec.ImageReference(ptr.Deref(thanos.Image, ""),
		ptr.Deref(thanos.BaseImage, config.ThanosDefaultBaseImage),
		ptr.Deref(thanos.Version, operator.DefaultThanosVersion),
		ptr.Deref(thanos.Tag, ""), ptr.Deref(thanos.SHA, ""))
	if err != nil {
		return nil, nil, fmt.Errorf("thanos sidecar image: %w", err)
	}
	sidecarVersion, err := thanosVersion(thanos)
	if err != nil {
		return nil, nil, err
	}

	container := &corev1.Container{
		Name:                     ThanosSidecarContainerName,
		Image:                    image,
		ImagePullPolicy:          w.common.ImagePullPolicy,
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		SecurityContext:          podspec.RestrictedSecurityContext(),
		Ports: []corev1.ContainerPort{
			{Name: "http", ContainerPort: ThanosHTTPPort},
			{Name: "grpc", ContainerPort: ThanosGRPCPort},
		},
		Resources: thanos.Resources,
	}
	for _, mount := range thanos.VolumeMounts {
		container.VolumeMounts = append(container.VolumeMounts, corev1.VolumeMount{Name: mount.Name, MountPath: mount.MountPath})
	}

	args := w.thanosListenArgs(config, thanos, sidecarVersion)
	w.thanosStorageArgs(args, container, thanos, mode)
	thanosTuningArgs(args, container, thanos, w.common, sidecarVersion)

	var volumes []corev1.Volume
	if sidecarVersion.GTE(semver.MustParse("0.24.0")) {
		args.add("prometheus.http-client-file", path.Join(ThanosConfigDir, ThanosHTTPClientFileName))
		container.VolumeMounts = append(container.VolumeMounts, corev1.VolumeMount{Name: thanosHTTPClientSuffix, MountPath: ThanosConfigDir})
		volumes = append(volumes, corev1.Volume{Name: thanosHTTPClientSuffix, VolumeSource: corev1.VolumeSource{
			Secret: &corev1.SecretVolumeSource{SecretName: ThanosHTTPClientSecretName(w.object)},
		}})
	}

	rendered, err := podspec.RenderArgs(args.items, thanos.AdditionalArgs)
	if err != nil {
		return nil, nil, fmt.Errorf("thanos sidecar arguments: %w", err)
	}
	container.Args = append([]string{"sidecar"}, rendered...)
	return container, volumes, nil
}

// thanosListenArgs points the sidecar at Prometheus and sets its own
// listeners, with the gRPC server's TLS settings.
func (w *workload) thanosListenArgs(config *operator.Config, thanos *monitoringv1.ThanosSpec, sidecarVersion semver.Version) *argumentList {
	var grpcHost, httpHost string
	if thanos.ListenLocal || thanos.GRPCListenLocal { //nolint:staticcheck // Deprecated ListenLocal still honoured.
		grpcHost = "127.0.0.1"
	}
	if thanos.ListenLocal || thanos.HTTPListenLocal { //nolint:staticcheck // Deprecated ListenLocal still honoured.
		httpHost = "127.0.0.1"
	}
	args := &argumentList{}
	args.add("prometheus.url", fmt.Sprintf("%s://%s:%d%s", w.webScheme(), config.LocalHost, PrometheusPort, path.Clean(w.routePrefix())))
	args.add("grpc-address", fmt.Sprintf("%s:%d", grpcHost, ThanosGRPCPort))
	args.add("http-address", fmt.Sprintf("%s:%d", httpHost, ThanosHTTPPort))

	args.items = append(args.items, podspec.ThanosGRPCServerTLSArgs(thanos.GRPCServerTLSConfig, sidecarVersion)...)
	return args
}

// thanosStorageArgs configures the upload to object storage, which needs the
// data volume and, with delayed compaction, the shipper's meta file.
func (w *workload) thanosStorageArgs(args *argumentList, container *corev1.Container, thanos *monitoringv1.ThanosSpec, mode compaction) {
	if !uploadsBlocks(thanos) {
		return
	}
	if thanos.ObjectStorageConfigFile != nil {
		args.add("objstore.config-file", *thanos.ObjectStorageConfigFile)
	} else {
		args.add("objstore.config", "$(OBJSTORE_CONFIG)")
		container.Env = append(container.Env, corev1.EnvVar{Name: "OBJSTORE_CONFIG", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: thanos.ObjectStorageConfig}})
	}
	args.add("tsdb.path", StorageDir)
	container.VolumeMounts = append(container.VolumeMounts, w.dataVolumeMount())
	if mode == compactionDelayed {
		args.add("shipper.meta-file-name", thanosShipperMetaFile)
		args.add("shipper.ignore-unequal-block-size", "")
	}
}

// thanosTuningArgs adds tracing, logging and timing flags.
func thanosTuningArgs(args *argumentList, container *corev1.Container, thanos *monitoringv1.ThanosSpec, common *monitoringv1.CommonPrometheusFields, sidecarVersion semver.Version) {
	switch {
	case thanos.TracingConfigFile != "":
		args.add("tracing.config-file", thanos.TracingConfigFile)
	case thanos.TracingConfig != nil:
		args.add("tracing.config", "$(TRACING_CONFIG)")
		container.Env = append(container.Env, corev1.EnvVar{Name: "TRACING_CONFIG", ValueFrom: &corev1.EnvVarSource{SecretKeyRef: thanos.TracingConfig}})
	}
	if level := valueOr(thanos.LogLevel, common.LogLevel); level != "" {
		args.add("log.level", level)
	}
	if format := valueOr(thanos.LogFormat, common.LogFormat); format != "" {
		args.add("log.format", format)
	}
	args.addIf(thanos.MinTime != "", "min-time", thanos.MinTime)
	args.addIf(thanos.ReadyTimeout != "", "prometheus.ready_timeout", string(thanos.ReadyTimeout))
	configFlags := sidecarVersion.GTE(semver.MustParse("0.29.0"))
	args.addIf(thanos.GetConfigTimeout != "" && configFlags, "prometheus.get_config_timeout", string(thanos.GetConfigTimeout))
	args.addIf(thanos.GetConfigInterval != "" && configFlags, "prometheus.get_config_interval", string(thanos.GetConfigInterval))
}

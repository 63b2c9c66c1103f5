// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"strconv"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

// prometheusImage picks the prometheus container's image: spec.image, else
// the base image tagged with the version. Servers also honour the
// deprecated baseImage, tag and sha fields; agents never had them.
func (w *workload) prometheusImage(config *operator.Config) (string, error) {
	base, tag, digest := config.PrometheusDefaultBaseImage, "", ""
	if spec := w.server; spec != nil {
		base = valueOr(spec.BaseImage, base) //nolint:staticcheck // Deprecated fields, still honoured.
		tag, digest = spec.Tag, spec.SHA     //nolint:staticcheck // Deprecated fields, still honoured.
	}
	image, err := podspec.ImageReference(ptr.Deref(w.common.Image, ""), base, "v"+w.versionString(), tag, digest)
	if err != nil {
		return "", fmt.Errorf("prometheus image: %w", err)
	}
	return image, nil
}

// prometheusContainer builds the prometheus container from its rendered
// arguments and mounts.
func (w *workload) prometheusContainer(config *operator.Config, args []string, mounts []corev1.VolumeMount) (corev1.Container, error) {
	image, err := w.prometheusImage(config)
	if err != nil {
		return corev1.Container{}, err
	}
	startup, readiness, liveness := w.probes()
	return corev1.Container{
		Name:                     PrometheusContainerName,
		Image:                    image,
		ImagePullPolicy:          w.common.ImagePullPolicy,
		Ports:                    w.prometheusPorts(),
		Args:                     args,
		Env:                      w.prometheusEnv(),
		VolumeMounts:             mounts,
		StartupProbe:             startup,
		ReadinessProbe:           readiness,
		LivenessProbe:            liveness,
		Resources:                w.common.Resources,
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		SecurityContext:          podspec.RestrictedSecurityContext(),
	}, nil
}

// prometheusPorts exposes the web port, unless Prometheus only listens on
// 127.0.0.1.
func (w *workload) prometheusPorts() []corev1.ContainerPort {
	if w.common.ListenLocal {
		return nil
	}
	return []corev1.ContainerPort{{Name: w.common.PortName, ContainerPort: PrometheusPort, Protocol: corev1.ProtocolTCP}}
}

// prometheusEnv sets GOGC for Prometheus older than 2.53, which cannot take
// it from the runtime section of the configuration file. Agents get it too:
// upstream leaves them without it, which would silently drop spec.runtime.
func (w *workload) prometheusEnv() []corev1.EnvVar {
	runtime := w.common.Runtime
	if runtime == nil || runtime.GoGC == nil || w.version.Supports("2.53.0") {
		return nil
	}
	return []corev1.EnvVar{{Name: "GOGC", Value: strconv.Itoa(int(*runtime.GoGC))}}
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"math"
	"net/url"
	"path"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

// Probe timings. The startup probe is generous (15 minutes by default)
// because /-/ready only answers once the WAL has been replayed, which takes
// long on big instances; readiness and liveness take over afterwards.
const (
	readinessPeriodSeconds    = 5
	readinessFailureThreshold = 3
	livenessPeriodSeconds     = 5
	livenessFailureThreshold  = 6
	startupPeriodSeconds      = 15
	startupFailureThreshold   = 60
	// startupProbeStep is the shortest maximumStartupDurationSeconds that
	// changes the startup probe, and the period it is split into.
	startupProbeStep = 60
)

// probes returns the startup, readiness and liveness probes of the
// prometheus container.
func (w *workload) probes() (startup, readiness, liveness *corev1.Probe) {
	ready := w.probeHandler("/-/ready")
	period, threshold := startupProbeTiming(w.common.MaximumStartupDurationSeconds)
	startup = &corev1.Probe{
		ProbeHandler:     ready,
		TimeoutSeconds:   probeTimeoutSeconds,
		PeriodSeconds:    period,
		FailureThreshold: threshold,
	}
	readiness = &corev1.Probe{
		ProbeHandler:     w.probeHandler("/-/ready"),
		TimeoutSeconds:   probeTimeoutSeconds,
		PeriodSeconds:    readinessPeriodSeconds,
		FailureThreshold: readinessFailureThreshold,
	}
	liveness = &corev1.Probe{
		ProbeHandler:     w.probeHandler("/-/healthy"),
		TimeoutSeconds:   probeTimeoutSeconds,
		PeriodSeconds:    livenessPeriodSeconds,
		FailureThreshold: livenessFailureThreshold,
	}
	return startup, readiness, liveness
}

// probeHandler probes endpoint under the route prefix: an HTTP GET on the web
// port, or, when Prometheus only listens on 127.0.0.1 where the kubelet
// cannot reach it, a command run inside the container.
func (w *workload) probeHandler(endpoint string) corev1.ProbeHandler {
	probePath := path.Clean(w.routePrefix() + endpoint)
	if w.common.ListenLocal {
		target := url.URL{Scheme: "http", Host: fmt.Sprintf("localhost:%d", PrometheusPort), Path: probePath}
		return corev1.ProbeHandler{Exec: podspec.ExecHTTPProbe(target.String())}
	}
	get := &corev1.HTTPGetAction{Path: probePath, Port: intstr.FromString(w.common.PortName)}
	if w.webTLS() {
		get.Scheme = corev1.URISchemeHTTPS
	}
	return corev1.ProbeHandler{HTTPGet: get}
}

// startupProbeTiming spreads maximumStartupDurationSeconds over as few
// one-minute steps as fit: threshold = ceil(d/60), period = ceil(d/threshold).
func startupProbeTiming(maximum *int32) (period, threshold int32) {
	if maximum == nil || *maximum < startupProbeStep {
		return startupPeriodSeconds, startupFailureThreshold
	}
	duration := float64(*maximum)
	steps := math.Ceil(duration / startupProbeStep)
	return int32(math.Ceil(duration / steps)), int32(steps)
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package manifests turns a Prometheus or a PrometheusAgent into the workload
// objects the operator applies: one StatefulSet per shard (or a DaemonSet for
// agents in DaemonSet mode) and the governing Service, plus the names of
// every object the controllers create around them.
//
// The builders are pure: they read the custom resource, the operator
// configuration and a few facts gathered by the controller (rule ConfigMap
// names, tls-assets Secret shards), and return objects without touching an
// API server. Server and agent share one code path; the few differences
// (arguments, rule volumes, the Thanos sidecar, labels) are decided from the
// kind of the object in one place, the workload type.
//
// The output follows upstream prometheus-operator v0.93 object for object, so
// that swapping the operator does not roll the pods.
package manifests

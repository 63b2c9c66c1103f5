// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package k8sutil holds small, generic helpers for building Kubernetes
// objects: strategic merge of containers, owner references, label and
// annotation maps, and DNS-1123 names derived from user input. Nothing here
// talks to an API server.
package k8sutil

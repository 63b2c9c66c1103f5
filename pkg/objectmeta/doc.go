// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package objectmeta holds the metadata helpers for the objects the
// operator generates: owner references, label and annotation maps, and
// DNS-1123 names derived from user input. Nothing here talks to an API
// server (that is pkg/kube); pod spec pieces live in pkg/podspec.
package objectmeta

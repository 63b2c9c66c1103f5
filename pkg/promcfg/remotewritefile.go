// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// RemoteWriteFileOptions are the inputs of RemoteWriteFile.
type RemoteWriteFileOptions struct {
	// Namespace is where the endpoints' Secret references are read.
	Namespace string
	// Endpoints are the remote-write endpoints, already stripped of what
	// the reader's version cannot read: no version gate applies here.
	Endpoints []monitoringv1.RemoteWriteSpec
	// Store resolves the Secret and ConfigMap keys the endpoints refer to.
	Store assets.KeyReader
	// TLSAssetsDir is where the reader finds the TLS files.
	TLSAssetsDir string
}

// RemoteWriteFileResult is a standalone remote-write file and the TLS files
// it refers to.
type RemoteWriteFileResult struct {
	// Config holds the top-level remote_write list ("remote_write: []" without endpoints).
	Config []byte
	// TLSAssets are the files the tls-assets Secrets must hold.
	TLSAssets assets.TLSAssets
}

// RemoteWriteFile renders remote-write endpoints into a file of their own,
// with the same code as the remote_write section of prometheus.yaml: Thanos
// Ruler reads this format for its stateless mode.
func RemoteWriteFile(opts RemoteWriteFileOptions) (*RemoteWriteFileResult, error) {
	holder := &monitoringv1.Prometheus{ObjectMeta: metav1.ObjectMeta{Namespace: opts.Namespace}}
	holder.Spec.RemoteWrite = opts.Endpoints
	env, err := newEnvironment(holder, opts.Store, Options{SkipVersionChecks: true, TLSAssetsDir: opts.TLSAssetsDir})
	if err != nil {
		return nil, err
	}
	doc, err := env.remoteWriteSection(yamldoc.Map{})
	if err != nil {
		return nil, err
	}
	if len(opts.Endpoints) == 0 {
		doc = doc.Add("remote_write", []yamldoc.Map{})
	}
	out, err := yamldoc.Marshal(doc)
	if err != nil {
		return nil, fmt.Errorf("render the remote-write file: %w", err)
	}
	return &RemoteWriteFileResult{Config: out, TLSAssets: env.assets}, nil
}

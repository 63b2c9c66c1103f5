// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package podspec

import (
	"fmt"
	"slices"
	"strings"

	"github.com/blang/semver/v4"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// RenderArgs appends the user's additional flags to the managed ones and
// renders them as --name=value (or --name). A user flag naming a managed
// flag, or its negation ("no-<name>" and the reverse), is an error: the
// operator cannot honour both.
func RenderArgs(managed, additional []monitoringv1.Argument) ([]string, error) {
	if clashes := clashingArgs(managed, additional); len(clashes) > 0 {
		return nil, fmt.Errorf("can't set arguments which are already managed by the operator: %s", strings.Join(clashes, ","))
	}
	rendered := make([]string, 0, len(managed)+len(additional))
	for _, arg := range slices.Concat(managed, additional) {
		if arg.Value == "" {
			rendered = append(rendered, "--"+arg.Name)
			continue
		}
		rendered = append(rendered, "--"+arg.Name+"="+arg.Value)
	}
	return rendered, nil
}

// clashingArgs lists the managed flag names that an additional flag sets or negates.
func clashingArgs(managed, additional []monitoringv1.Argument) []string {
	managedNames := make(map[string]bool, len(managed))
	for _, arg := range managed {
		managedNames[arg.Name] = true
	}
	var clashes []string
	for _, arg := range additional {
		if managedNames[arg.Name] {
			clashes = append(clashes, arg.Name)
			continue
		}
		negated, wasNegated := strings.CutPrefix(arg.Name, "no-")
		if !wasNegated {
			negated = "no-" + arg.Name
		}
		if managedNames[negated] {
			clashes = append(clashes, negated)
		}
	}
	return clashes
}

// ThanosGRPCServerTLSArgs are the flags of a Thanos gRPC server's TLS
// settings (sidecar or ruler): only the file fields are used; the minimum
// version from Thanos 0.37, cipher suites and curves from 0.42.
func ThanosGRPCServerTLSArgs(tls *monitoringv1.GRPCServerTLSConfig, thanosVersion semver.Version) []monitoringv1.Argument {
	if tls == nil {
		return nil
	}
	var args []monitoringv1.Argument
	add := func(allowed bool, name, value string) {
		if allowed {
			args = append(args, monitoringv1.Argument{Name: name, Value: value})
		}
	}
	add(tls.CertFile != "", "grpc-server-tls-cert", tls.CertFile)
	add(tls.KeyFile != "", "grpc-server-tls-key", tls.KeyFile)
	add(tls.CAFile != "", "grpc-server-tls-client-ca", tls.CAFile)
	if minVersion := thanosTLSVersion(ptr.Deref(tls.MinVersion, "")); minVersion != "" {
		add(thanosVersion.GTE(semver.MustParse("0.37.0")), "grpc-server-tls-min-version", minVersion)
	}
	tuning := thanosVersion.GTE(semver.MustParse("0.42.0"))
	add(len(tls.CipherSuites) > 0 && tuning, "grpc-server-tls-ciphers", strings.Join(tls.CipherSuites, ","))
	add(len(tls.Curves) > 0 && tuning, "grpc-server-tls-curves", strings.Join(tls.Curves, ","))
	return args
}

// thanosTLSVersion spells a TLS version the way Thanos flags take it.
func thanosTLSVersion(version monitoringv1.TLSVersion) string {
	switch version {
	case monitoringv1.TLSVersion10:
		return "1.0"
	case monitoringv1.TLSVersion11:
		return "1.1"
	case monitoringv1.TLSVersion12:
		return "1.2"
	case monitoringv1.TLSVersion13:
		return "1.3"
	}
	return ""
}

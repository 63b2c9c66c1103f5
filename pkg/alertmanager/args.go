// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	"github.com/alecthomas/units"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// Ports and paths of the alertmanager container.
const (
	webPort            = 9093
	meshPort           = 9094
	defaultPortName    = "web"
	meshTCPPortName    = "mesh-tcp"
	meshUDPPortName    = "mesh-udp"
	defaultRetention   = "120h"
	reconnectTimeout   = "5m"
	configDir          = "/etc/alertmanager/config"
	configOutDir       = "/etc/alertmanager/config_out"
	configEnvsubstFile = "alertmanager.env.yaml"
	storageDir         = "/alertmanager"
	webConfigDir       = "/etc/alertmanager/web_config"
	webConfigFile      = "web-config.yaml"
	clusterTLSDir      = "/etc/alertmanager/cluster_tls_config"
	clusterTLSFile     = "cluster-tls-config.yaml"
	secretsDir         = "/etc/alertmanager/secrets"
	configMapsDir      = "/etc/alertmanager/configmaps"
	podIPEnvVar        = "POD_IP"
	podNameEnvVar      = "POD_NAME"
)

// argument is one command-line flag: rendered "--name=value", or "--name"
// when the value is empty.
type argument struct{ name, value string }

func (a argument) String() string {
	if a.value == "" {
		return "--" + a.name
	}
	return "--" + a.name + "=" + a.value
}

// alertmanagerArgs returns the alertmanager container's arguments in
// upstream's order, each version-dependent flag only for the versions that
// know it, followed by spec.additionalArgs.
func (b *builder) alertmanagerArgs() ([]string, error) {
	spec := b.am.Spec
	args := []argument{
		{"config.file", path.Join(configOutDir, configEnvsubstFile)},
		{"storage.path", storageDir},
		{"data.retention", valueOr(string(spec.Retention), defaultRetention)},
	}
	if b.replicas() == 1 && !spec.ForceEnableClusterMode {
		// A lone Alertmanager does not gossip: an empty listen address
		// turns clustering off. The "=" is part of the name so that the
		// flag renders with its empty value.
		args = append(args, argument{"cluster.listen-address=", ""})
	} else {
		args = append(args, argument{"cluster.listen-address", fmt.Sprintf("[$(%s)]:%d", podIPEnvVar, meshPort)})
	}
	listen := fmt.Sprintf(":%d", webPort)
	if spec.ListenLocal {
		listen = fmt.Sprintf("127.0.0.1:%d", webPort)
	}
	args = append(args, argument{"web.listen-address", listen})
	if spec.ExternalURL != "" {
		args = append(args, argument{"web.external-url", spec.ExternalURL})
	}
	if len(spec.EnableFeatures) > 0 && b.supports("0.27.0") {
		args = append(args, argument{"enable-feature", strings.Join(spec.EnableFeatures, ",")})
	}
	args = append(args, argument{"web.route-prefix", b.routePrefix()})
	limitArgs, err := b.webAndLimitArgs()
	if err != nil {
		return nil, err
	}
	args = append(args, limitArgs...)
	args = append(args, b.loggingAndClusterArgs()...)
	args = append(args, b.peerArgs()...)
	if b.supports("0.22.0") {
		args = append(args, argument{"web.config.file", path.Join(webConfigDir, webConfigFile)})
	}
	if spec.ClusterTLS != nil && b.supports("0.24.0") {
		args = append(args, argument{"cluster.tls-config", path.Join(clusterTLSDir, clusterTLSFile)})
	}
	return renderArgs(args, spec.AdditionalArgs)
}

// webAndLimitArgs covers the HTTP server tuning, the silence limits and the
// dispatch delay.
func (b *builder) webAndLimitArgs() ([]argument, error) {
	spec := b.am.Spec
	var args []argument
	if web := spec.Web; web != nil && b.supports("0.17.0") {
		if web.GetConcurrency != nil {
			args = append(args, argument{"web.get-concurrency", strconv.FormatUint(uint64(*web.GetConcurrency), 10)})
		}
		if web.Timeout != nil {
			args = append(args, argument{"web.timeout", strconv.FormatUint(uint64(*web.Timeout), 10)})
		}
	}
	if limits := spec.Limits; limits != nil && b.supports("0.28.0") {
		if limits.MaxSilences != nil {
			args = append(args, argument{"silences.max-silences", strconv.Itoa(int(*limits.MaxSilences))})
		}
		if limits.MaxPerSilenceBytes != nil {
			bytes, err := units.ParseBase2Bytes(string(*limits.MaxPerSilenceBytes))
			if err != nil {
				return nil, fmt.Errorf("spec.limits.maxPerSilenceBytes: %w", err)
			}
			args = append(args, argument{"silences.max-per-silence-bytes", strconv.FormatInt(int64(bytes), 10)})
		}
	}
	// The dispatcher waits as long as a new pod needs to be ready, unless
	// the user sets the delay themselves.
	if spec.MinReadySeconds != nil && b.supports("0.30.0") && !hasArgument(spec.AdditionalArgs, "dispatch.start-delay") {
		args = append(args, argument{"dispatch.start-delay", fmt.Sprintf("%ds", *spec.MinReadySeconds)})
	}
	return args, nil
}

// loggingAndClusterArgs covers the log settings and the gossip tuning.
func (b *builder) loggingAndClusterArgs() []argument {
	spec := b.am.Spec
	var args []argument
	if spec.LogLevel != "" && spec.LogLevel != "info" {
		args = append(args, argument{"log.level", spec.LogLevel})
	}
	if spec.LogFormat != "" && spec.LogFormat != "logfmt" && b.supports("0.16.0") {
		args = append(args, argument{"log.format", spec.LogFormat})
	}
	for _, optional := range []argument{
		{"cluster.advertise-address", spec.ClusterAdvertiseAddress},
		{"cluster.gossip-interval", string(spec.ClusterGossipInterval)},
		{"cluster.pushpull-interval", string(spec.ClusterPushpullInterval)},
		{"cluster.peer-timeout", string(spec.ClusterPeerTimeout)},
	} {
		if optional.value != "" {
			args = append(args, optional)
		}
	}
	if b.supports("0.30.0") {
		args = append(args, argument{"cluster.peer-name", "$(" + podNameEnvVar + ")"})
	}
	if b.supports("0.26.0") {
		label := b.am.Namespace + "/" + b.am.Name
		if spec.ClusterLabel != nil {
			label = *spec.ClusterLabel
		}
		args = append(args, argument{"cluster.label", label})
	}
	return args
}

// peerArgs lists every replica as a gossip peer, through the governing
// Service's DNS names, then the additional peers.
func (b *builder) peerArgs() []argument {
	domain := b.serviceName()
	if b.config.ClusterDomain != "" {
		domain = fmt.Sprintf("%s.%s.svc.%s.", b.serviceName(), b.am.Namespace, b.config.ClusterDomain)
	}
	var args []argument
	for replica := range b.replicas() {
		args = append(args, argument{"cluster.peer", fmt.Sprintf("%s-%d.%s:%d", StatefulSetName(b.am), replica, domain, meshPort)})
	}
	for _, peer := range b.am.Spec.AdditionalPeers {
		args = append(args, argument{"cluster.peer", peer})
	}
	return append(args, argument{"cluster.reconnect-timeout", reconnectTimeout})
}

// renderArgs renders the managed arguments followed by the additional
// ones, refusing additional arguments that would override a managed flag
// (or negate it with "no-").
func renderArgs(managed []argument, additional []monitoringv1.Argument) ([]string, error) {
	rendered := make([]string, 0, len(managed)+len(additional))
	names := map[string]bool{}
	for _, arg := range managed {
		names[arg.name] = true
		rendered = append(rendered, arg.String())
	}
	var clashes []string
	for _, arg := range additional {
		if names[arg.Name] || names[strings.TrimPrefix(arg.Name, "no-")] {
			clashes = append(clashes, arg.Name)
			continue
		}
		rendered = append(rendered, argument{arg.Name, arg.Value}.String())
	}
	if len(clashes) > 0 {
		return nil, fmt.Errorf("spec.additionalArgs: can't set arguments which are already managed by the operator: %s", strings.Join(clashes, ","))
	}
	return rendered, nil
}

func hasArgument(args []monitoringv1.Argument, name string) bool {
	return slices.ContainsFunc(args, func(arg monitoringv1.Argument) bool { return arg.Name == name })
}

// valueOr returns value, or fallback when value is empty.
func valueOr(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

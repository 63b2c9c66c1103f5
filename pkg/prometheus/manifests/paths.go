// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"path/filepath"

	"github.com/seed-6daed11e/prometheus-operator/pkg/configreloader"
)

// Where things live inside the pods. The configuration generator refers to
// the same paths (rule files, TLS assets, mounted Secrets), so they are
// exported from here, the one place that mounts them.
const (
	StorageDir             = "/prometheus"
	ConfigDir              = "/etc/prometheus/config"
	ConfigOutDir           = "/etc/prometheus/config_out"
	WebConfigDir           = "/etc/prometheus/web_config"
	TLSAssetsDir           = "/etc/prometheus/certs"
	RulesDir               = "/etc/prometheus/rules"
	SecretsDir             = "/etc/prometheus/secrets"
	ConfigMapsDir          = "/etc/prometheus/configmaps"
	LogDir                 = "/var/log/prometheus"
	ThanosConfigDir        = "/etc/thanos/config"
	ConfigFileName         = "prometheus.yaml.gz"
	ConfigEnvsubstFileName = "prometheus.env.yaml"
	WebConfigFileName      = "web-config.yaml"
	// ThanosHTTPClientFileName is the key of the Thanos HTTP client Secret.
	ThanosHTTPClientFileName = "prometheus.http-client-file.yaml"
)

// Container and port facts.
const (
	// DefaultPortName names the web port when spec.portName is empty.
	DefaultPortName = "web"
	// PrometheusPort is the port Prometheus listens on.
	PrometheusPort = 9090
	// ThanosGRPCPort and ThanosHTTPPort are the sidecar's listening ports.
	ThanosGRPCPort = 10901
	ThanosHTTPPort = 10902
	// DefaultRetention is the retention passed when neither retention nor
	// retentionSize is set.
	DefaultRetention = "24h"
	// DefaultTerminationGracePeriodSeconds leaves Prometheus ten minutes to
	// write its head block on shutdown.
	DefaultTerminationGracePeriodSeconds int64 = 600

	// PrometheusContainerName and the others name the generated containers.
	PrometheusContainerName          = "prometheus"
	ReloaderContainerName            = configreloader.ContainerName
	InitReloaderContainerName        = configreloader.InitContainerName
	ThanosSidecarContainerName       = "thanos-sidecar"
	logFileVolumeName                = "log-file"
	configVolumeName                 = "config"
	configOutVolumeName              = "config-out"
	probeTimeoutSeconds        int32 = 3
)

// UsesLogVolume reports whether a log file setting is a bare file name, which
// the operator places in an emptyDir mounted at LogDir.
func UsesLogVolume(file string) bool {
	return file != "" && filepath.Dir(file) == "."
}

// LogFilePath is the path Prometheus is given for a query or scrape failure
// log file: bare file names land in LogDir, paths are kept.
func LogFilePath(file string) string {
	if !UsesLogVolume(file) {
		return file
	}
	return filepath.Join(LogDir, file)
}

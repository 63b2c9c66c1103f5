// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package operator holds what every controller of the operator shares: its
// configuration (flags, feature gates), default images and versions, and the
// labels and names of the objects it manages.
package operator

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"k8s.io/apimachinery/pkg/labels"

	"github.com/seed-6daed11e/prometheus-operator/pkg/memlimit"
	"github.com/seed-6daed11e/prometheus-operator/pkg/server"
)

// ReloaderConfig describes the config-reloader sidecar the operator injects.
type ReloaderConfig struct {
	Image         string
	CPURequest    string
	CPULimit      string
	MemoryRequest string
	MemoryLimit   string
	EnableProbes  bool
	// WatchAPI switches the reloader to watching its Secret through the API
	// (propagation in seconds); the operator then grants it a namespaced Role.
	WatchAPI bool
}

// Config is the operator's configuration, filled from flags.
type Config struct {
	// Client.
	Kubeconfig  string
	APIServer   string
	Impersonate string
	TLSInsecure bool
	CertFile    string
	KeyFile     string
	CAFile      string

	// Scoping.
	ControllerID                  string
	Namespaces                    StringSet
	DenyNamespaces                StringSet
	PrometheusInstanceNamespaces  StringSet
	AlertmanagerInstanceNamespace StringSet
	AlertmanagerConfigNamespaces  StringSet
	ThanosRulerInstanceNamespaces StringSet
	WatchReferencedObjectsAllNS   bool
	PrometheusInstanceSelector    string
	AlertmanagerInstanceSelector  string
	ThanosRulerInstanceSelector   string
	SecretFieldSelector           string
	SecretLabelSelector           string
	ConfigMapFieldSelector        string
	ConfigMapLabelSelector        string
	RepairPolicyForStatefulSets   string

	// Managed objects.
	Labels                       StringMap
	Annotations                  StringMap
	LocalHost                    string
	ClusterDomain                string
	Reloader                     ReloaderConfig
	PrometheusDefaultBaseImage   string
	AlertmanagerDefaultBaseImage string
	ThanosDefaultBaseImage       string
	DisableUnmanagedConfig       bool
	Gates                        FeatureGates

	// Kubelet endpoints.
	KubeletService             string
	KubeletSelector            string
	KubeletNodeAddressPriority string
	KubeletEndpointSlice       bool
	KubeletEndpoints           bool
	KubeletSyncPeriod          time.Duration
	KubeletHTTPMetrics         bool

	// Web is the operator's HTTP(S) endpoint (--web.* flags).
	Web server.Options

	// Process.
	MemoryLimitRatio   float64
	LogLevel           string
	LogFormat          string
	LeaderElect        bool
	LeaderElectionNS   string
	LeaderElectionName string
	ResyncPeriod       time.Duration
	Workers            int
}

// NewConfig returns a Config holding upstream's defaults.
func NewConfig() *Config {
	return &Config{
		Namespaces:                    StringSet{},
		DenyNamespaces:                StringSet{},
		PrometheusInstanceNamespaces:  StringSet{},
		AlertmanagerInstanceNamespace: StringSet{},
		AlertmanagerConfigNamespaces:  StringSet{},
		ThanosRulerInstanceNamespaces: StringSet{},
		Labels:                        StringMap{},
		Annotations:                   StringMap{},
		Gates:                         DefaultFeatureGates(),
		Reloader: ReloaderConfig{
			Image:         DefaultReloaderImage,
			CPURequest:    "10m",
			MemoryRequest: "50Mi",
			CPULimit:      "10m",
			MemoryLimit:   "50Mi",
		},
		LocalHost:                    "localhost",
		PrometheusDefaultBaseImage:   DefaultPrometheusBaseImage,
		AlertmanagerDefaultBaseImage: DefaultAlertmanagerBaseImage,
		ThanosDefaultBaseImage:       DefaultThanosBaseImage,
		KubeletNodeAddressPriority:   "internal",
		KubeletEndpoints:             true,
		KubeletSyncPeriod:            3 * time.Minute,
		KubeletHTTPMetrics:           true,
		Web:                          server.DefaultOptions(),
		LogLevel:                     "info",
		LogFormat:                    "logfmt",
		LeaderElectionName:           "prometheus-operator",
		RepairPolicyForStatefulSets:  "none",
		ResyncPeriod:                 5 * time.Minute,
		Workers:                      2,
	}
}

// RegisterFlags binds the configuration to fs with upstream's flag names.
func (c *Config) RegisterFlags(fs *flag.FlagSet) {
	c.registerClientFlags(fs)
	c.registerScopeFlags(fs)
	c.registerObjectFlags(fs)
	c.registerKubeletFlags(fs)
	c.registerWebFlags(fs)
	c.registerProcessFlags(fs)
}

func (c *Config) registerClientFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.Kubeconfig, "kubeconfig", "", "Path to a kubeconfig, for running outside a cluster. Defaults to $KUBECONFIG, then in-cluster config.")
	fs.StringVar(&c.APIServer, "apiserver", "", "API server URL, for running outside a cluster.")
	fs.StringVar(&c.Impersonate, "as", "", "User to impersonate.")
	fs.BoolVar(&c.TLSInsecure, "tls-insecure", false, "Do not verify the API server's certificate.")
	fs.StringVar(&c.CertFile, "cert-file", "", "Client certificate for the API server.")
	fs.StringVar(&c.KeyFile, "key-file", "", "Client key for the API server.")
	fs.StringVar(&c.CAFile, "ca-file", "", "CA bundle verifying the API server.")
}

func (c *Config) registerScopeFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.ControllerID, "controller-id", "", "Only reconcile workloads whose operator.prometheus.io/controller-id annotation equals this value.")
	fs.Var(c.Namespaces, "namespaces", "Namespaces to watch (comma-separated); all when empty.")
	fs.Var(c.DenyNamespaces, "deny-namespaces", "Namespaces not to watch; exclusive with --namespaces.")
	fs.Var(c.PrometheusInstanceNamespaces, "prometheus-instance-namespaces", "Namespaces holding Prometheus and PrometheusAgent objects; defaults to --namespaces.")
	fs.Var(c.AlertmanagerInstanceNamespace, "alertmanager-instance-namespaces", "Namespaces holding Alertmanager objects; defaults to --namespaces.")
	fs.Var(c.AlertmanagerConfigNamespaces, "alertmanager-config-namespaces", "Namespaces holding AlertmanagerConfig objects; defaults to --namespaces.")
	fs.Var(c.ThanosRulerInstanceNamespaces, "thanos-ruler-instance-namespaces", "Namespaces holding ThanosRuler objects; defaults to --namespaces.")
	fs.BoolVar(&c.WatchReferencedObjectsAllNS, "watch-referenced-objects-in-all-namespaces", false, "Watch referenced Secrets and ConfigMaps in all namespaces, not only the workloads' ones.")
	fs.StringVar(&c.PrometheusInstanceSelector, "prometheus-instance-selector", "", "Label selector restricting the Prometheus and PrometheusAgent objects handled.")
	fs.StringVar(&c.AlertmanagerInstanceSelector, "alertmanager-instance-selector", "", "Label selector restricting the Alertmanager objects handled.")
	fs.StringVar(&c.ThanosRulerInstanceSelector, "thanos-ruler-instance-selector", "", "Label selector restricting the ThanosRuler objects handled.")
	fs.StringVar(&c.SecretFieldSelector, "secret-field-selector", "", "Field selector for the Secrets watched.")
	fs.StringVar(&c.SecretLabelSelector, "secret-label-selector", "", "Label selector for the Secrets watched.")
	fs.StringVar(&c.ConfigMapFieldSelector, "configmap-field-selector", "", "Field selector for the ConfigMaps watched.")
	fs.StringVar(&c.ConfigMapLabelSelector, "configmap-label-selector", "", "Label selector for the ConfigMaps watched.")
	fs.StringVar(&c.RepairPolicyForStatefulSets, "repair-policy-for-statefulsets", c.RepairPolicyForStatefulSets, "What to do with a pod stuck in a broken rollout: none, evict or delete.")
}

func (c *Config) registerObjectFlags(fs *flag.FlagSet) {
	fs.Var(c.Labels, "labels", "Labels added to every managed object (k=v,k2=v2).")
	fs.Var(c.Annotations, "annotations", "Annotations added to every managed object (k=v,k2=v2).")
	fs.StringVar(&c.LocalHost, "localhost", c.LocalHost, "Host name the sidecars use to reach Prometheus in the pod.")
	fs.StringVar(&c.ClusterDomain, "cluster-domain", "", "Cluster DNS domain, used in generated service addresses; empty means relative names.")
	fs.StringVar(&c.Reloader.Image, "prometheus-config-reloader", c.Reloader.Image, "Image of the config-reloader sidecar.")
	fs.StringVar(&c.Reloader.CPURequest, "config-reloader-cpu-request", c.Reloader.CPURequest, "CPU request of the reloader; 0 leaves it unset.")
	fs.StringVar(&c.Reloader.CPULimit, "config-reloader-cpu-limit", c.Reloader.CPULimit, "CPU limit of the reloader; 0 leaves it unset.")
	fs.StringVar(&c.Reloader.MemoryRequest, "config-reloader-memory-request", c.Reloader.MemoryRequest, "Memory request of the reloader; 0 leaves it unset.")
	fs.StringVar(&c.Reloader.MemoryLimit, "config-reloader-memory-limit", c.Reloader.MemoryLimit, "Memory limit of the reloader; 0 leaves it unset.")
	fs.BoolVar(&c.Reloader.EnableProbes, "enable-config-reloader-probes", false, "Give the reloader liveness and readiness probes.")
	fs.BoolVar(&c.Reloader.WatchAPI, "config-reloader-watch-api", false, "Let the reloader watch its config Secret through the API, so changes apply in seconds (not a kubelet sync).")
	fs.StringVar(&c.PrometheusDefaultBaseImage, "prometheus-default-base-image", c.PrometheusDefaultBaseImage, "Prometheus image when spec.image is unset.")
	fs.StringVar(&c.AlertmanagerDefaultBaseImage, "alertmanager-default-base-image", c.AlertmanagerDefaultBaseImage, "Alertmanager image when spec.image is unset.")
	fs.StringVar(&c.ThanosDefaultBaseImage, "thanos-default-base-image", c.ThanosDefaultBaseImage, "Thanos image when spec.image is unset.")
	fs.BoolVar(&c.DisableUnmanagedConfig, "disable-unmanaged-prometheus-configuration", false, "Generate a configuration even when all monitor selectors are nil.")
	fs.Var(c.Gates, "feature-gates", "Feature gates to switch (Name=true|false,...). Defaults: "+c.Gates.String())
}

func (c *Config) registerKubeletFlags(fs *flag.FlagSet) {
	fs.StringVar(&c.KubeletService, "kubelet-service", "", "Namespace/name of a Service to keep pointed at the kubelets.")
	fs.StringVar(&c.KubeletSelector, "kubelet-selector", "", "Label selector of the nodes whose kubelets are listed.")
	fs.StringVar(&c.KubeletNodeAddressPriority, "kubelet-node-address-priority", c.KubeletNodeAddressPriority, "Node address preferred: internal or external.")
	fs.BoolVar(&c.KubeletEndpointSlice, "kubelet-endpointslice", false, "Maintain EndpointSlices for the kubelet Service.")
	fs.BoolVar(&c.KubeletEndpoints, "kubelet-endpoints", true, "Maintain Endpoints for the kubelet Service.")
	fs.DurationVar(&c.KubeletSyncPeriod, "kubelet-sync-period", c.KubeletSyncPeriod, "How often the kubelet endpoints are refreshed.")
	fs.BoolVar(&c.KubeletHTTPMetrics, "kubelet-http-metrics", true, "Include the kubelet's plain-HTTP port 10255.")
}

func (c *Config) registerWebFlags(fs *flag.FlagSet) {
	web := &c.Web
	fs.StringVar(&web.Address, "web.listen-address", web.Address, "Address serving /metrics, /healthz, /readyz and pprof.")
	fs.BoolVar(&web.EnableHTTP2, "web.enable-http2", false, "Offer HTTP/2 on the HTTPS endpoint (off: HTTP/1.1 only).")
	fs.BoolVar(&web.TLS.Enabled, "web.enable-tls", false, "Serve HTTPS instead of HTTP.")
	fs.StringVar(&web.TLS.CertFile, "web.cert-file", web.TLS.CertFile, "PEM certificate served over HTTPS.")
	fs.StringVar(&web.TLS.KeyFile, "web.key-file", web.TLS.KeyFile, "PEM private key of --web.cert-file.")
	fs.StringVar(&web.TLS.ClientCAFile, "web.client-ca-file", web.TLS.ClientCAFile, "PEM CAs that client certificates must chain to, when the file exists; every client must then present a certificate.")
	fs.DurationVar(&web.TLS.ReloadInterval, "web.tls-reload-interval", web.TLS.ReloadInterval, "How often the certificate, key and client CA files are read again.")
	fs.StringVar(&web.TLS.MinVersion, "web.tls-min-version", web.TLS.MinVersion, "Lowest TLS version accepted: "+strings.Join(server.TLSVersionNames(), ", ")+" (TLS 1.0 and 1.1 are served as TLS 1.2).")
	fs.Var((*commaList)(&web.TLS.CipherSuites), "web.tls-cipher-suites", "Comma-separated crypto/tls cipher suite names for TLS 1.2 and below; Go's defaults when empty (TLS 1.3 suites are fixed).")
	fs.Var((*commaList)(&web.TLS.Curves), "web.tls-curves", "Comma-separated key exchanges, in preference order: "+strings.Join(server.CurveNames(), ", ")+"; Go's defaults when empty.")
}

// commaList is a flag holding a comma-separated, ordered list.
type commaList []string

func (l *commaList) String() string { return strings.Join(*l, ",") }

func (l *commaList) Set(value string) error {
	*l = nil
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			*l = append(*l, item)
		}
	}
	return nil
}

func (c *Config) registerProcessFlags(fs *flag.FlagSet) {
	fs.Float64Var(&c.MemoryLimitRatio, "auto-gomemlimit-ratio", 0, "Set GOMEMLIMIT to this share (0 to 1] of the container memory limit; 0 disables.")
	fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "Log level: all, debug, info, warn, error or none.")
	fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "Log format: logfmt or json.")
	fs.BoolVar(&c.LeaderElect, "leader-elect", false, "Elect a leader through a Lease so several replicas can run.")
	fs.StringVar(&c.LeaderElectionNS, "leader-election-namespace", "", "Namespace of the leader Lease; defaults to the operator's namespace.")
	fs.StringVar(&c.LeaderElectionName, "leader-election-id", c.LeaderElectionName, "Name of the leader Lease.")
	fs.DurationVar(&c.ResyncPeriod, "resync-period", c.ResyncPeriod, "Informer resync period.")
	fs.IntVar(&c.Workers, "workers", c.Workers, "Workers per controller queue.")
}

// Validate checks flag combinations that cannot work together.
func (c *Config) Validate() error {
	var errs []error
	if len(c.Namespaces) > 0 && len(c.DenyNamespaces) > 0 {
		errs = append(errs, errors.New("--namespaces and --deny-namespaces are mutually exclusive"))
	}
	for flagName, selector := range map[string]string{
		"prometheus-instance-selector":   c.PrometheusInstanceSelector,
		"alertmanager-instance-selector": c.AlertmanagerInstanceSelector,
		"thanos-ruler-instance-selector": c.ThanosRulerInstanceSelector,
		"secret-label-selector":          c.SecretLabelSelector,
		"configmap-label-selector":       c.ConfigMapLabelSelector,
	} {
		if _, err := labels.Parse(selector); err != nil {
			errs = append(errs, fmt.Errorf("--%s: %w", flagName, err))
		}
	}
	if err := c.Web.TLS.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := memlimit.ValidateRatio(c.MemoryLimitRatio); err != nil {
		errs = append(errs, err)
	}
	switch c.RepairPolicyForStatefulSets {
	case "none", "evict", "delete":
	default:
		errs = append(errs, fmt.Errorf("--repair-policy-for-statefulsets: %q is not none, evict or delete", c.RepairPolicyForStatefulSets))
	}
	return errors.Join(errs...)
}

// InstanceNamespaces returns the namespaces to watch for workloads of one kind:
// the kind's own list when given, else --namespaces.
func (c *Config) InstanceNamespaces(specific StringSet) StringSet {
	if len(specific) > 0 {
		return specific
	}
	return c.Namespaces
}

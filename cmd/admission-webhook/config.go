// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"errors"
	"flag"
	"fmt"
	"strings"
	"time"

	"github.com/seed-6daed11e/prometheus-operator/pkg/admission"
	"github.com/seed-6daed11e/prometheus-operator/pkg/memlimit"
	"github.com/seed-6daed11e/prometheus-operator/pkg/server"
)

// config holds the flag values.
type config struct {
	web              server.Options
	logLevel         string
	logFormat        string
	memoryLimitRatio float64
	rules            admission.RuleOptions
	promQLOptions    string

	// kubeconfig and clusterWarnings configure the API access that the
	// warnings and the certificate provisioning need.
	kubeconfig      string
	clusterWarnings bool
	provisioning    provisioningFlags
}

// provisioningFlags configure the self-provisioned certificates.
type provisioningFlags struct {
	secret                string
	service               string
	webhookConfigurations string
	conversionCRDs        string
	extraNames            string
	checkInterval         time.Duration
}

// newConfig returns upstream's defaults: HTTPS on :8443 with TLS 1.3 at
// least, the certificate files under /etc/tls/private.
func newConfig() *config {
	web := server.DefaultOptions()
	web.Address = ":8443"
	web.TLS.Enabled = true
	return &config{
		web:       web,
		logLevel:  "info",
		logFormat: "logfmt",
		rules:     admission.RuleOptions{NameValidationScheme: admission.NameValidationLegacy},
		provisioning: provisioningFlags{
			webhookConfigurations: "prometheus-operator-admission-webhook",
			conversionCRDs:        "alertmanagerconfigs.monitoring.coreos.com",
			checkInterval:         time.Minute,
		},
	}
}

func (c *config) registerFlags(fs *flag.FlagSet) {
	c.web.RegisterFlags(fs, "the admission endpoints, /convert, /metrics and /healthz")
	fs.StringVar(&c.logLevel, "log-level", c.logLevel, "Log level: all, debug, info, warn, error or none.")
	fs.StringVar(&c.logFormat, "log-format", c.logFormat, "Log format: logfmt or json.")
	fs.Float64Var(&c.memoryLimitRatio, "auto-gomemlimit-ratio", 0, "Set GOMEMLIMIT to this share (0 to 1] of the container memory limit; 0 disables.")
	fs.StringVar(&c.rules.NameValidationScheme, "name-validation-scheme", c.rules.NameValidationScheme,
		"Label and metric name validation of PrometheusRules: legacy or utf8.")
	fs.StringVar(&c.promQLOptions, "promql-options", "",
		"Comma-separated PromQL parser options for PrometheusRules: "+strings.Join(admission.PromQLOptionNames(), ", ")+".")
	fs.StringVar(&c.kubeconfig, "kubeconfig", "", "Kubeconfig file for the API access (default: in-cluster, or none).")
	fs.BoolVar(&c.clusterWarnings, "cluster-warnings", true,
		"Read Secrets, ConfigMaps, Namespaces and the workloads to warn about objects that a workload would degrade or that refer to missing Secrets (needs API access; off without it).")
	p := &c.provisioning
	fs.StringVar(&p.secret, "tls-provisioning-secret", "",
		"<namespace>/<name> of a Secret keeping a self-signed CA and serving certificate, created and rotated by the webhook, which writes them to --web.cert-file and --web.key-file. Empty: the certificate files are provided (cert-manager, by hand).")
	fs.StringVar(&p.service, "tls-provisioning-service", "", "<namespace>/<name> of the webhook's Service, the name the serving certificate is issued for.")
	fs.StringVar(&p.webhookConfigurations, "tls-provisioning-webhook-configurations", p.webhookConfigurations,
		"Comma-separated names of the Validating and Mutating webhook configurations whose caBundle the webhook keeps up to date.")
	fs.StringVar(&p.conversionCRDs, "tls-provisioning-conversion-crds", p.conversionCRDs,
		"Comma-separated CRDs whose conversion webhook caBundle the webhook keeps up to date (when they use a webhook conversion).")
	fs.StringVar(&p.extraNames, "tls-provisioning-extra-names", "", "Comma-separated extra DNS names or IP addresses of the serving certificate (when the API server reaches the webhook by URL).")
	fs.DurationVar(&p.checkInterval, "tls-provisioning-check-interval", p.checkInterval, "How often the Secret, the files and the caBundles are checked.")
}

// validate checks the flag values, naming the flag at fault.
func (c *config) validate() error {
	var errs []error
	if err := c.web.TLS.Validate(); err != nil {
		errs = append(errs, err)
	}
	if err := memlimit.ValidateRatio(c.memoryLimitRatio); err != nil {
		errs = append(errs, err)
	}
	options, err := admission.ParsePromQLOptions(c.promQLOptions)
	if err != nil {
		errs = append(errs, fmt.Errorf("--promql-options: %w", err))
	}
	c.rules.PromQLOptions = options
	if err := c.rules.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("--name-validation-scheme: %w", err))
	}
	if c.provisioning.secret != "" {
		if _, _, err := splitName(c.provisioning.secret); err != nil {
			errs = append(errs, fmt.Errorf("--tls-provisioning-secret: %w", err))
		}
		if _, _, err := splitName(c.provisioning.service); err != nil {
			errs = append(errs, fmt.Errorf("--tls-provisioning-service: %w", err))
		}
		if !c.web.TLS.Enabled {
			errs = append(errs, errors.New("--tls-provisioning-secret needs --web.enable-tls"))
		}
		if c.provisioning.checkInterval <= 0 {
			errs = append(errs, errors.New("--tls-provisioning-check-interval must be positive"))
		}
	}
	return errors.Join(errs...)
}

// splitName splits "<namespace>/<name>".
func splitName(value string) (namespace, name string, err error) {
	namespace, name, ok := strings.Cut(value, "/")
	if !ok || namespace == "" || name == "" || strings.Contains(name, "/") {
		return "", "", fmt.Errorf("%q: want <namespace>/<name>", value)
	}
	return namespace, name, nil
}

// names splits a comma-separated list, dropping empty items.
func names(value string) []string {
	var out []string
	for item := range strings.SplitSeq(value, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

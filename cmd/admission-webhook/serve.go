// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"regexp"
	"runtime"
	"sync"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/admission"
	"github.com/seed-6daed11e/prometheus-operator/pkg/admission/provision"
	"github.com/seed-6daed11e/prometheus-operator/pkg/server"
)

// serve provisions the certificates when asked to, then serves the
// webhook until ctx is done.
func serve(ctx context.Context, config *config, logger *slog.Logger) error {
	registry, err := newRegistry()
	if err != nil {
		return err
	}
	metrics, err := admission.NewMetrics(registry)
	if err != nil {
		return err
	}
	restConfig, err := restConfigFor(config.kubeconfig)
	if err != nil {
		return err
	}
	options := admission.Options{Checks: admission.NewChecks(config.rules), Metrics: metrics, Logger: logger}
	if restConfig != nil && config.clusterWarnings {
		kube, monitoring, err := clientsFor(restConfig)
		if err != nil {
			return err
		}
		options.Cluster = &admission.APICluster{Kube: kube, Monitoring: monitoring}
	} else {
		logger.Info("no API access: warnings about Secrets and workload versions are off")
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	defer wg.Wait()
	if config.provisioning.secret != "" {
		provisioner, err := newProvisioner(config, restConfig, logger)
		if err != nil {
			return err
		}
		if err := provisioner.Sync(ctx); err != nil {
			return fmt.Errorf("provision the certificates: %w", err)
		}
		wg.Go(func() { provisioner.Run(ctx, config.provisioning.checkInterval) })
	}

	mux := http.NewServeMux()
	admission.New(options).Register(mux)
	mux.Handle("GET /metrics", promhttp.HandlerFor(registry, promhttp.HandlerOpts{}))
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		_, _ = w.Write([]byte(`{"status":"up"}`))
	})
	err = server.NewWithHandler(mux, logger).ListenAndServe(ctx, config.web)
	cancel()
	return err
}

// syncMetrics selects the Go runtime's /sync/* metrics (mutex waits).
var syncMetrics = collectors.GoRuntimeMetricsRule{Matcher: regexp.MustCompile(`^/sync/.*`)}

// newRegistry holds the Go runtime, process and build metrics under the
// webhook's names, as upstream's registry does.
func newRegistry() (*prometheus.Registry, error) {
	registry := prometheus.NewRegistry()
	buildInfo := prometheus.NewGaugeVec(prometheus.GaugeOpts{
		Namespace: admission.MetricsNamespace,
		Name:      "build_info",
		Help:      "A metric with a constant '1' value labeled by version and goversion from which the webhook was built.",
	}, []string{"version", "goversion"})
	buildInfo.WithLabelValues(versionString(), runtime.Version()).Set(1)
	for _, collector := range []prometheus.Collector{
		collectors.NewGoCollector(collectors.WithGoCollectorRuntimeMetrics(collectors.MetricsGC, collectors.MetricsScheduler, collectors.MetricsMemory, syncMetrics)),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		buildInfo,
	} {
		if err := registry.Register(collector); err != nil {
			return nil, fmt.Errorf("register metrics: %w", err)
		}
	}
	return registry, nil
}

// restConfigFor returns the API client configuration from --kubeconfig or
// $KUBECONFIG, else in-cluster; nil (no error) outside a cluster.
func restConfigFor(kubeconfig string) (*rest.Config, error) {
	if kubeconfig != "" || os.Getenv("KUBECONFIG") != "" {
		rules := clientcmd.NewDefaultClientConfigLoadingRules()
		rules.ExplicitPath = kubeconfig
		restConfig, err := clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, &clientcmd.ConfigOverrides{}).ClientConfig()
		if err != nil {
			return nil, fmt.Errorf("client configuration: %w", err)
		}
		restConfig.UserAgent = "prometheus-operator-admission-webhook"
		return restConfig, nil
	}
	restConfig, err := rest.InClusterConfig()
	if errors.Is(err, rest.ErrNotInCluster) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("in-cluster client configuration: %w", err)
	}
	restConfig.UserAgent = "prometheus-operator-admission-webhook"
	return restConfig, nil
}

func clientsFor(restConfig *rest.Config) (kubernetes.Interface, versioned.Interface, error) {
	kube, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return nil, nil, fmt.Errorf("Kubernetes client: %w", err)
	}
	monitoring, err := versioned.NewForConfig(restConfig)
	if err != nil {
		return nil, nil, fmt.Errorf("monitoring client: %w", err)
	}
	return kube, monitoring, nil
}

// newProvisioner builds the certificate provisioner from the flags.
func newProvisioner(config *config, restConfig *rest.Config, logger *slog.Logger) (*provision.Provisioner, error) {
	if restConfig == nil {
		return nil, errors.New("--tls-provisioning-secret needs API access (in-cluster or --kubeconfig)")
	}
	kube, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return nil, fmt.Errorf("Kubernetes client: %w", err)
	}
	extensions, err := apiextensionsclient.NewForConfig(restConfig)
	if err != nil {
		return nil, fmt.Errorf("API extensions client: %w", err)
	}
	secretNamespace, secretName, _ := splitName(config.provisioning.secret)
	serviceNamespace, serviceName, _ := splitName(config.provisioning.service)
	service := serviceName + "." + serviceNamespace
	return provision.New(provision.Options{
		Kube: kube, APIExtensions: extensions,
		SecretNamespace: secretNamespace, SecretName: secretName,
		Names:                 append([]string{service + ".svc", service, service + ".svc.cluster.local", serviceName}, names(config.provisioning.extraNames)...),
		WebhookConfigurations: names(config.provisioning.webhookConfigurations),
		ConversionCRDs:        names(config.provisioning.conversionCRDs),
		CertFile:              config.web.TLS.CertFile, KeyFile: config.web.TLS.KeyFile,
		Logger: logger.With("component", "certificate-provisioning"),
	})
}

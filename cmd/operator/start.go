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
	"strings"
	"sync"
	"time"

	prometheusclient "github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/metadata"
	"k8s.io/client-go/rest"
	"k8s.io/client-go/tools/cache"
	"k8s.io/client-go/tools/clientcmd"
	"k8s.io/client-go/tools/record"
	"k8s.io/klog/v2"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus"
	"github.com/seed-6daed11e/prometheus-operator/pkg/server"
)

// clients are the API clients, built once and shared by every controller.
type clients struct {
	kube       kubernetes.Interface
	monitoring versioned.Interface
	metadata   metadata.Interface
}

// start wires clients, informers and controllers, serves HTTP and runs
// until ctx is done (or, with --leader-elect, until leadership is lost).
func start(ctx context.Context, config *operator.Config, limits *clientLimits, logger *slog.Logger) error {
	klog.SetSlogLogger(logger.With("component", "client-go"))
	registry, listWatchMetrics, err := newRegistry()
	if err != nil {
		return err
	}
	apiClients, served, capabilities, err := connect(config, limits, logger)
	if err != nil {
		return err
	}

	recorder, stopRecorder, err := kube.NewEventRecorder(apiClients.kube, "prometheus-operator")
	if err != nil {
		return err
	}
	defer stopRecorder()

	noNamespaceAccess := lacksNamespaceAccess(ctx, apiClients.kube, logger)
	access := checkAccess(ctx, apiClients.kube, config, served, registry, logger)
	operatorStatus := newOperatorMetrics(registry, config)
	served.prometheuses = served.prometheuses && access.enabled(prometheusController)
	served.agents = served.agents && access.enabled(agentController)
	built, err := buildControllers(controllerInputs{
		config: config, clients: apiClients, served: served, access: access, capabilities: capabilities,
		recorder: recorder, registry: registry, listWatchMetrics: listWatchMetrics,
		noNamespaceAccess: noNamespaceAccess, logger: logger,
	})
	if err != nil {
		return err
	}

	httpServer := server.New(registry, logger)
	httpServer.Register(func(mux *http.ServeMux) { registerAdmission(mux, logger) })
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	var wg sync.WaitGroup
	var serveErr error
	wg.Go(func() {
		if serveErr = httpServer.ListenAndServe(ctx, config.Web); serveErr != nil {
			cancel()
		}
	})
	runControllers := func(ctx context.Context) error {
		built.prometheus.start(ctx)
		// The Alertmanager controller stops with the others, whatever ends them.
		ctx, stop := context.WithCancel(ctx)
		defer built.alertmanager.start(ctx, config.Workers)()
		defer built.thanosRuler.start(ctx, config.Workers)()
		defer stop()
		if !cache.WaitForCacheSync(ctx.Done(), built.prometheus.hasSynced, built.alertmanager.hasSynced, built.thanosRuler.hasSynced) {
			return fmt.Errorf("caches did not sync: %w", ctx.Err())
		}
		httpServer.SetReady(true)
		running := built.running(served)
		operatorStatus.setReady(running, true)
		defer operatorStatus.setReady(running, false)
		logger.Info("caches synced, reconciling", "controllers", running)
		built.kubelet.start(ctx)
		return built.prometheus.run(ctx, config.Workers)
	}
	if config.LeaderElect {
		// A standby replica is healthy: it is ready, it just does not reconcile.
		httpServer.SetReady(true)
		err = runAsLeader(ctx, config, apiClients.kube, logger, func(ctx context.Context) error {
			operatorStatus.leader.Set(1)
			defer operatorStatus.leader.Set(0)
			return runControllers(ctx)
		})
	} else {
		err = runControllers(ctx)
	}
	cancel()
	wg.Wait()
	return errors.Join(err, serveErr)
}

// connect builds the API clients and discovers which kinds and features
// the cluster serves.
func connect(config *operator.Config, limits *clientLimits, logger *slog.Logger) (*clients, servedKinds, kube.Capabilities, error) {
	restConfig, err := restConfigFor(config, limits)
	if err != nil {
		return nil, servedKinds{}, kube.Capabilities{}, err
	}
	apiClients, err := newClients(restConfig)
	if err != nil {
		return nil, servedKinds{}, kube.Capabilities{}, err
	}
	served, err := discoverKinds(apiClients.kube, logger)
	if err != nil {
		return nil, servedKinds{}, kube.Capabilities{}, err
	}
	capabilities, err := kube.DiscoverCapabilities(apiClients.kube.Discovery())
	if err != nil {
		return nil, servedKinds{}, kube.Capabilities{}, err
	}
	return apiClients, served, capabilities, nil
}

// controllerInputs are what the controllers are built from.
type controllerInputs struct {
	config            *operator.Config
	clients           *clients
	served            servedKinds
	access            accessResult
	capabilities      kube.Capabilities
	recorder          record.EventRecorder
	registry          *prometheusclient.Registry
	listWatchMetrics  *kube.ListWatchMetrics
	noNamespaceAccess bool
	logger            *slog.Logger
}

// operatorControllers are the controllers the operator runs; a controller
// that is not built (its kinds are not served or not allowed) is nil.
type operatorControllers struct {
	prometheus   *prometheusRunner
	alertmanager *controllerRunner
	thanosRuler  *controllerRunner
	kubelet      *kubeletRunner
}

// buildControllers builds every controller whose kinds the operator may
// watch.
func buildControllers(in controllerInputs) (operatorControllers, error) {
	var built operatorControllers
	var err error
	metrics := controller.NewMetrics(in.registry)
	// One cache of Secret and ConfigMap metadata for every controller that
	// watches them alike, rather than one each.
	shared := kube.NewSharedInformers()
	built.prometheus, err = newPrometheusRunner(prometheus.InformerOptions{
		Config: in.config, ServePrometheuses: in.served.prometheuses, ServeAgents: in.served.agents,
		ServeScrapeConfigs: in.served.scrapeConfigs, AgentDaemonSets: in.config.Gates.Enabled(operator.GatePrometheusAgentDaemonSet),
		NoNamespaceAccess: in.noNamespaceAccess, ListWatchMetrics: in.listWatchMetrics, SharedInformers: shared,
	}, prometheus.Options{
		KubeClient: in.clients.kube, MonitoringClient: in.clients.monitoring, Config: in.config,
		Capabilities: in.capabilities, Recorder: in.recorder, Logger: in.logger, Metrics: metrics,
		Registerer: in.registry,
	}, in.clients)
	if err != nil {
		return built, err
	}
	deps := controllerDependencies{
		clients: in.clients, recorder: in.recorder, metrics: metrics, listWatchMetrics: in.listWatchMetrics,
		sharedInformers: shared, noNamespaceAccess: in.noNamespaceAccess,
	}
	if in.access.enabled(alertmanagerControllerName) {
		if built.alertmanager, err = newAlertmanagerRunner(in.config, deps, in.logger); err != nil {
			return built, err
		}
	}
	if in.access.enabled(thanosRulerControllerName) {
		if built.thanosRuler, err = newThanosRulerRunner(in.config, deps, in.logger); err != nil {
			return built, err
		}
	}
	built.kubelet, err = newKubeletRunner(in.config, in.clients.kube, in.registry, in.logger)
	return built, err
}

// running names the controllers that were built.
func (c operatorControllers) running(served servedKinds) []string {
	var running []string
	if c.prometheus != nil && served.prometheuses {
		running = append(running, prometheusController)
	}
	if c.prometheus != nil && served.agents {
		running = append(running, agentController)
	}
	if c.alertmanager != nil {
		running = append(running, alertmanagerControllerName)
	}
	if c.thanosRuler != nil {
		running = append(running, thanosRulerControllerName)
	}
	return running
}

// newRegistry creates the registry /metrics serves, with the process and
// Go runtime metrics, the API client's request metrics and the informers'
// list and watch counters.
func newRegistry() (*prometheusclient.Registry, *kube.ListWatchMetrics, error) {
	registry := prometheusclient.NewRegistry()
	registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		controller.PanicsCollector())
	if err := kube.RegisterClientMetrics(registry); err != nil {
		return nil, nil, err
	}
	listWatchMetrics, err := kube.NewListWatchMetrics(registry)
	if err != nil {
		return nil, nil, err
	}
	return registry, listWatchMetrics, nil
}

// restConfigFor builds the client configuration: from --kubeconfig (or
// $KUBECONFIG), from --apiserver with the TLS flags, or in-cluster.
func restConfigFor(config *operator.Config, limits *clientLimits) (*rest.Config, error) {
	var restConfig *rest.Config
	var err error
	switch {
	case config.Kubeconfig != "" || os.Getenv("KUBECONFIG") != "":
		rules := clientcmd.NewDefaultClientConfigLoadingRules()
		if config.Kubeconfig != "" {
			rules.ExplicitPath = config.Kubeconfig
		}
		overrides := &clientcmd.ConfigOverrides{}
		overrides.ClusterInfo.Server = config.APIServer
		restConfig, err = clientcmd.NewNonInteractiveDeferredLoadingClientConfig(rules, overrides).ClientConfig()
	case config.APIServer != "":
		restConfig = &rest.Config{Host: config.APIServer, TLSClientConfig: rest.TLSClientConfig{
			Insecure: config.TLSInsecure, CertFile: config.CertFile, KeyFile: config.KeyFile, CAFile: config.CAFile,
		}}
	default:
		restConfig, err = rest.InClusterConfig()
	}
	if err != nil {
		return nil, fmt.Errorf("client configuration: %w", err)
	}
	restConfig.Impersonate.UserName = config.Impersonate
	restConfig.UserAgent = "prometheus-operator"
	restConfig.QPS, restConfig.Burst = float32(limits.qps), limits.burst
	return restConfig, nil
}

// protobuf is the wire format of Kubernetes' own kinds: a configuration
// Secret of half a megabyte travels as bytes rather than base64 in JSON, and
// the API server decodes and encodes it faster. Custom resources only speak
// JSON, so the monitoring client keeps it.
const protobuf = "application/vnd.kubernetes.protobuf"

func newClients(restConfig *rest.Config) (*clients, error) {
	kubeConfig := rest.CopyConfig(restConfig)
	kubeConfig.ContentType = protobuf
	kubeConfig.AcceptContentTypes = protobuf + ",application/json"
	kubeClient, err := kubernetes.NewForConfig(kubeConfig)
	if err != nil {
		return nil, fmt.Errorf("Kubernetes client: %w", err)
	}
	monitoringClient, err := versioned.NewForConfig(restConfig)
	if err != nil {
		return nil, fmt.Errorf("monitoring client: %w", err)
	}
	metadataClient, err := metadata.NewForConfig(restConfig)
	if err != nil {
		return nil, fmt.Errorf("metadata client: %w", err)
	}
	return &clients{kube: kubeClient, monitoring: monitoringClient, metadata: metadataClient}, nil
}

// servedKinds says which optional kinds the API server serves.
type servedKinds struct {
	prometheuses, agents, scrapeConfigs bool
}

// discoverKinds checks the CRDs: the monitor kinds are required, while a
// missing Prometheus, PrometheusAgent or ScrapeConfig CRD only switches
// off what needs it, with a log line.
func discoverKinds(client kubernetes.Interface, logger *slog.Logger) (servedKinds, error) {
	stable, err := kube.ResourcesServed(client.Discovery(), monitoringv1.SchemeGroupVersion,
		monitoringv1.PrometheusName, monitoringv1.ServiceMonitorName, monitoringv1.PodMonitorName,
		monitoringv1.ProbeName, monitoringv1.PrometheusRuleName)
	if err != nil {
		return servedKinds{}, err
	}
	alpha, err := kube.ResourcesServed(client.Discovery(), monitoringv1alpha1.SchemeGroupVersion,
		monitoringv1alpha1.PrometheusAgentName, monitoringv1alpha1.ScrapeConfigName)
	if err != nil {
		return servedKinds{}, err
	}
	var missing []string
	for _, resource := range []string{monitoringv1.ServiceMonitorName, monitoringv1.PodMonitorName, monitoringv1.ProbeName, monitoringv1.PrometheusRuleName} {
		if !stable[resource] {
			missing = append(missing, resource)
		}
	}
	if len(missing) > 0 {
		return servedKinds{}, fmt.Errorf("required CRDs are not installed: %s", strings.Join(missing, ", "))
	}
	served := servedKinds{
		prometheuses: stable[monitoringv1.PrometheusName], agents: alpha[monitoringv1alpha1.PrometheusAgentName],
		scrapeConfigs: alpha[monitoringv1alpha1.ScrapeConfigName],
	}
	for name, ok := range map[string]bool{"Prometheus": served.prometheuses, "PrometheusAgent": served.agents, "ScrapeConfig": served.scrapeConfigs} {
		if !ok {
			logger.Warn("CRD not installed: its controller and informer are skipped", "kind", name)
		}
	}
	if !served.prometheuses && !served.agents {
		return servedKinds{}, errors.New("neither the Prometheus nor the PrometheusAgent CRD is installed: nothing to do")
	}
	return served, nil
}

// leaseTimings are the leader election's lease duration, renew deadline and
// retry period.
var leaseTimings = struct{ lease, renew, retry time.Duration }{15 * time.Second, 10 * time.Second, 2 * time.Second}

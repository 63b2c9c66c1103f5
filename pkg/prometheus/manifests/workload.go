// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"log/slog"

	appsv1 "k8s.io/api/apps/v1"
	"k8s.io/apimachinery/pkg/runtime/schema"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// The values of the operator.prometheus.io/mode label.
const (
	ModeServer = "server"
	ModeAgent  = "agent"
)

// Options are the inputs of the builders besides the custom resource.
type Options struct {
	// Config is the operator configuration (labels, annotations, reloader,
	// default images, feature gates); nil means operator.NewConfig().
	Config *operator.Config
	// Shard is the index of the shard whose StatefulSet is built.
	Shard int32
	// RuleConfigMapNames are the rule ConfigMaps mounted into a Prometheus
	// server (see RuleConfigMapNames); ignored for agents.
	RuleConfigMapNames []string
	// TLSAssetSecretNames are the tls-assets Secret shards projected into
	// one volume; empty means the first shard only.
	TLSAssetSecretNames []string
	// ConfigSiblingSecretNames are the sibling Secrets of a configuration
	// split across several Secrets (see package configparts), projected
	// with the configuration Secret into one folder. Empty mounts the
	// configuration Secret alone, as upstream does.
	ConfigSiblingSecretNames []string
	// ExistingStatefulSetSpec is the spec of the shard's StatefulSet as
	// currently stored, if any. It feeds the input hash, so that a
	// StatefulSet edited by someone else gets its generated spec back on the
	// next sync.
	ExistingStatefulSetSpec *appsv1.StatefulSetSpec
	// ExistingDaemonSetSpec plays the same part for the agent DaemonSet.
	ExistingDaemonSetSpec *appsv1.DaemonSetSpec
	// Logger receives a warning for each setting the target Prometheus
	// version does not support; nil discards them.
	Logger *slog.Logger
}

// workload is the view of a Prometheus or PrometheusAgent the builders work
// on: a private copy of the shared fields with defaults filled in, the
// server-only spec when there is one, and the facts that depend on the kind.
type workload struct {
	object monitoringv1.PrometheusInterface
	common *monitoringv1.CommonPrometheusFields
	// server is nil for a PrometheusAgent.
	server *monitoringv1.PrometheusSpec
	// daemonSet is true for an agent in DaemonSet mode.
	daemonSet bool
	version   version.Target
	kind      schema.GroupVersionKind
	mode      string
}

// GroupVersionKind returns the API kind of a Prometheus or PrometheusAgent,
// which typed objects from informers do not carry in their TypeMeta.
func GroupVersionKind(p monitoringv1.PrometheusInterface) schema.GroupVersionKind {
	return factsOf(p).kind
}

func newWorkload(p monitoringv1.PrometheusInterface) (*workload, error) {
	if p == nil {
		return nil, fmt.Errorf("no Prometheus object given")
	}
	w := &workload{}
	switch typed := p.(type) {
	case *monitoringv1.Prometheus:
		object := typed.DeepCopy()
		w.object, w.server, w.mode = object, &object.Spec, ModeServer
	case *monitoringv1alpha1.PrometheusAgent:
		object := typed.DeepCopy()
		w.object, w.daemonSet, w.mode = object, object.IsDaemonSetMode(), ModeAgent
	default:
		return nil, fmt.Errorf("unsupported Prometheus kind %T", p)
	}
	w.kind = GroupVersionKind(p)
	w.common = w.object.GetCommonPrometheusFields()
	if w.common.PortName == "" {
		w.common.PortName = DefaultPortName
	}
	target, err := version.Parse(w.common.Version)
	if err != nil {
		return nil, fmt.Errorf("%s %s/%s: %w", w.kind.Kind, p.GetNamespace(), p.GetName(), err)
	}
	w.version = target
	return w, nil
}

// isServer reports whether the object is a Prometheus (not an agent).
func (w *workload) isServer() bool { return w.server != nil }

// versionString is the version without a leading "v", normalized ("v2.45"
// becomes "2.45.0").
func (w *workload) versionString() string { return w.version.Semver().String() }

// routePrefix is the HTTP path prefix Prometheus serves under.
func (w *workload) routePrefix() string {
	if w.common.RoutePrefix != "" {
		return w.common.RoutePrefix
	}
	return "/"
}

// webScheme is the scheme Prometheus serves: https once web TLS is set.
func (w *workload) webScheme() string {
	if w.webTLS() {
		return "https"
	}
	return "http"
}

func (w *workload) webTLS() bool {
	return w.common.Web != nil && w.common.Web.TLSConfig != nil
}

// httpReload reports whether the reloader tells Prometheus to reload over
// HTTP (the default) rather than with a signal.
func (w *workload) httpReload() bool {
	strategy := w.common.ReloadStrategy
	return strategy == nil || *strategy != monitoringv1.ProcessSignalReloadStrategyType
}

// thanos returns the Thanos sidecar settings of a server, nil otherwise.
func (w *workload) thanos() *monitoringv1.ThanosSpec {
	if w.server == nil {
		return nil
	}
	return w.server.Thanos
}

// resolvedOptions is Options with its defaults applied.
func resolvedOptions(opts Options, p monitoringv1.PrometheusInterface) Options {
	if opts.Config == nil {
		opts.Config = operator.NewConfig()
	}
	if len(opts.TLSAssetSecretNames) == 0 {
		opts.TLSAssetSecretNames = TLSAssetsSecretNames(p, 1)
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	return opts
}

// logWarnings reports the settings dropped for the target version.
func (w *workload) logWarnings(logger *slog.Logger) {
	for _, warning := range w.version.Warnings().List() {
		logger.Warn(warning.String(), "kind", w.kind.Kind, "namespace", w.object.GetNamespace(), "name", w.object.GetName())
	}
}

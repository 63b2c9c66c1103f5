// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"context"
	"fmt"
	"log/slog"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/metadata"
	metadatafake "k8s.io/client-go/metadata/fake"
	"k8s.io/utils/clock"

	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/alertmanager"
	"github.com/seed-6daed11e/prometheus-operator/pkg/controller"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/prometheus"
	"github.com/seed-6daed11e/prometheus-operator/pkg/thanosruler"
)

// cluster is the fake API the controllers run against.
type cluster struct {
	kube         *kubefake.Clientset
	monitoring   *monitoringfake.Clientset
	recorder     *eventRecorder
	config       *operator.Config
	capabilities kube.Capabilities
	logger       *slog.Logger
	clock        clock.Clock
}

// renderedController is one controller with its informers.
type renderedController struct {
	informers interface {
		Start(ctx context.Context)
		HasSynced() bool
	}
	reconcile func(ctx context.Context) error
}

// build creates the three controllers as cmd/operator does, every CRD
// being served.
func (c *cluster) build(metadataClient metadata.Interface) ([]renderedController, error) {
	deps := controller.Dependencies{
		KubeClient: c.kube, MonitoringClient: c.monitoring, Config: c.config,
		Recorder: c.recorder, Clock: c.clock, Logger: c.logger,
	}
	promInformers := prometheus.NewInformers(c.kube, c.monitoring, metadataClient, prometheus.InformerOptions{
		Config: c.config, ServePrometheuses: true, ServeAgents: true, ServeScrapeConfigs: true,
		AgentDaemonSets: c.config.Gates.Enabled(operator.GatePrometheusAgentDaemonSet),
	})
	prom, err := prometheus.New(prometheus.Options{
		KubeClient: c.kube, MonitoringClient: c.monitoring, Informers: promInformers, Config: c.config,
		Capabilities: c.capabilities, Recorder: c.recorder, Clock: c.clock, Logger: c.logger,
	})
	if err != nil {
		return nil, fmt.Errorf("prometheus controllers: %w", err)
	}
	amInformers := alertmanager.NewInformers(c.kube, c.monitoring, metadataClient, alertmanager.InformerOptions{Config: c.config})
	am, err := alertmanager.New(alertmanager.Options{Informers: amInformers, Dependencies: deps})
	if err != nil {
		return nil, err
	}
	trInformers := thanosruler.NewInformers(c.kube, c.monitoring, metadataClient, thanosruler.InformerOptions{Config: c.config})
	tr, err := thanosruler.New(thanosruler.Options{Informers: trInformers, Dependencies: deps})
	if err != nil {
		return nil, err
	}
	return []renderedController{
		{informers: promInformers, reconcile: prom.ReconcileAll},
		{informers: amInformers, reconcile: am.ReconcileAll},
		{informers: trInformers, reconcile: tr.ReconcileAll},
	}, nil
}

// newMetadataClient serves the metadata of the input Secrets and
// ConfigMaps, which the controllers watch through metadata informers.
func newMetadataClient(objects []runtime.Object) (metadata.Interface, error) {
	scheme, err := kube.Scheme()
	if err != nil {
		return nil, err
	}
	if err := metav1.AddMetaToScheme(scheme); err != nil {
		return nil, fmt.Errorf("register metadata kinds: %w", err)
	}
	var partial []runtime.Object
	for _, obj := range objects {
		var kind string
		var meta metav1.ObjectMeta
		switch typed := obj.(type) {
		case *corev1.Secret:
			kind, meta = "Secret", typed.ObjectMeta
		case *corev1.ConfigMap:
			kind, meta = "ConfigMap", typed.ObjectMeta
		default:
			continue
		}
		partial = append(partial, &metav1.PartialObjectMetadata{
			TypeMeta: metav1.TypeMeta{APIVersion: "v1", Kind: kind}, ObjectMeta: *meta.DeepCopy(),
		})
	}
	return metadatafake.NewSimpleMetadataClient(scheme, partial...), nil
}

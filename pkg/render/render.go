// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package render is the offline dry run of the operator ("operator
// render"): it runs the controllers' own reconcile, once, over fake
// clientsets seeded with a set of manifests, and returns the objects they
// wrote and the objects they rejected. Since the code that writes is the
// controllers', the output is what the operator would write to a cluster
// holding those manifests (server-set metadata aside).
package render

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"k8s.io/apimachinery/pkg/apis/meta/v1/unstructured"
	"k8s.io/apimachinery/pkg/types"
	kubefake "k8s.io/client-go/kubernetes/fake"
	"k8s.io/client-go/tools/cache"
	clocktesting "k8s.io/utils/clock/testing"

	monitoringfake "github.com/seed-6daed11e/prometheus-operator/client/clientset/versioned/fake"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
)

// DefaultKubernetesVersion is the cluster version assumed when none is
// given; it only decides the capabilities that change the generated
// objects (kube.CapabilitiesOf).
const DefaultKubernetesVersion = "v1.35.0"

// Options configure a render.
type Options struct {
	// Config is the operator configuration (its flags); nil is the default.
	Config *operator.Config
	// KubernetesVersion is the version of the target cluster; empty is
	// DefaultKubernetesVersion.
	KubernetesVersion string
	// Logger receives the controllers' logs; nil discards them.
	Logger *slog.Logger
	// UIDs are the UIDs of input objects by ObjectKey (the live ones, for a
	// comparison with a cluster); the others get a UUID derived from their
	// kind, namespace and name.
	UIDs map[string]types.UID
	// Now is the time the controllers' clock reads; zero is the Unix epoch,
	// which keeps the output reproducible.
	Now time.Time
}

// Result is what a render produced.
type Result struct {
	// Objects are the generated objects, sorted by kind, namespace and name,
	// without server-set metadata.
	Objects []*unstructured.Unstructured
	// Rejections are sorted and unique.
	Rejections []Rejection
	// Warnings are about the input (missing namespaces); they do not fail
	// a render.
	Warnings []string
	// Ignored counts the input objects of kinds the operator does not read.
	Ignored int
}

// Failed reports whether anything was rejected, the render's exit status 1.
func (r *Result) Failed() bool { return len(r.Rejections) > 0 }

// Render runs the controllers over manifests and returns what they wrote.
func Render(ctx context.Context, manifests []*unstructured.Unstructured, opts Options) (*Result, error) {
	config := opts.Config
	if config == nil {
		config = operator.NewConfig()
	}
	scheme, err := kube.Scheme()
	if err != nil {
		return nil, err
	}
	in, err := prepareInputs(manifests, scheme, opts.UIDs)
	if err != nil {
		return nil, err
	}
	capabilities, err := kube.CapabilitiesOf(orDefault(opts.KubernetesVersion, DefaultKubernetesVersion))
	if err != nil {
		return nil, err
	}
	world := &cluster{
		kube: kubefake.NewClientset(in.kube...), monitoring: monitoringfake.NewClientset(in.monitoring...),
		recorder: &eventRecorder{scheme: scheme}, config: config, capabilities: capabilities,
		logger: opts.Logger, clock: clocktesting.NewFakeClock(orEpoch(opts.Now)),
	}
	if world.logger == nil {
		world.logger = slog.New(slog.DiscardHandler)
	}
	metadataClient, err := newMetadataClient(in.kube)
	if err != nil {
		return nil, err
	}
	controllers, err := world.build(metadataClient)
	if err != nil {
		return nil, err
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for _, c := range controllers {
		c.informers.Start(ctx)
	}
	for _, c := range controllers {
		if !cache.WaitForCacheSync(ctx.Done(), c.informers.HasSynced) {
			return nil, fmt.Errorf("render: caches did not sync: %w", ctx.Err())
		}
	}
	var syncErrs []error
	for _, c := range controllers {
		// A failed reconcile is also reported as a Warning Event on the
		// workload, which becomes its rejection line.
		syncErrs = append(syncErrs, c.reconcile(ctx))
	}
	world.logger.Debug("render: reconciled", "err", errors.Join(syncErrs...))
	objects, err := collectWritten(world.kube, scheme)
	if err != nil {
		return nil, err
	}
	rejections := append(world.recorder.rejections, admissionRejections(in.monitoring, world.recorder.rejections)...)
	return &Result{
		Objects: objects, Rejections: sortedRejections(rejections), Warnings: in.warnings, Ignored: in.ignored,
	}, nil
}

func orDefault(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

func orEpoch(now time.Time) time.Time {
	if now.IsZero() {
		return time.Unix(0, 0).UTC()
	}
	return now
}

// sortedRejections sorts the rejections by kind, namespace, name and
// reason and drops repeats (an object selected by two workloads).
func sortedRejections(rejections []Rejection) []Rejection {
	seen := map[Rejection]bool{}
	var unique []Rejection
	for _, rejection := range rejections {
		if !seen[rejection] {
			seen[rejection] = true
			unique = append(unique, rejection)
		}
	}
	sortRejections(unique)
	return unique
}

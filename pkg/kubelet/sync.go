// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package kubelet

import (
	"context"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"
	apiequality "k8s.io/apimachinery/pkg/api/equality"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
)

// Sync lists the selected nodes once and writes the Service, then the
// Endpoints and the EndpointSlices that are enabled. Every enabled kind is
// attempted even when an earlier one failed; the errors are joined.
func (c *Controller) Sync(ctx context.Context) error {
	nodes, err := c.kubeClient.CoreV1().Nodes().List(ctx, metav1.ListOptions{LabelSelector: c.options.NodeSelector})
	if err != nil {
		// Without the node list any write would empty the endpoints.
		return fmt.Errorf("list nodes (selector %q): %w", c.options.NodeSelector, err)
	}
	targets, lookupErrors := Targets(nodes.Items, c.options.AddressPriority)
	for _, lookupError := range lookupErrors {
		c.logger.Warn("skipping node without a usable address", "err", lookupError)
	}
	c.metrics.addressLookupErrors.Add(float64(len(lookupErrors)))

	service, serviceErr := c.syncService(ctx)
	var errs []error
	if serviceErr != nil {
		errs = append(errs, serviceErr)
	}
	if c.options.ManageEndpoints {
		c.metrics.syncs.WithLabelValues(resourceEndpoints).Inc()
		if err := c.syncEndpoints(ctx, targets); err != nil {
			c.metrics.syncFailures.WithLabelValues(resourceEndpoints).Inc()
			errs = append(errs, err)
		}
	}
	if c.options.ManageEndpointSlices {
		c.metrics.syncs.WithLabelValues(resourceEndpointSlice).Inc()
		if err := c.syncEndpointSlices(ctx, targets, service); err != nil {
			c.metrics.syncFailures.WithLabelValues(resourceEndpointSlice).Inc()
			errs = append(errs, err)
		}
	}
	return errors.Join(errs...)
}

// syncService creates or updates the headless kubelet Service and returns
// it as stored (nil when that failed).
func (c *Controller) syncService(ctx context.Context) (*corev1.Service, error) {
	client := c.kubeClient.CoreV1().Services(c.options.Namespace)
	desired := c.objects.Service()
	if _, err := kube.CreateOrUpdate(ctx, client, desired, kube.MergeService); err != nil {
		return nil, fmt.Errorf("kubelet service: %w", err)
	}
	stored, err := client.Get(ctx, desired.Name, metav1.GetOptions{})
	if err != nil {
		return nil, fmt.Errorf("read back kubelet service: %w", err)
	}
	return stored, nil
}

// syncEndpoints creates or updates the Endpoints, writing only on change.
func (c *Controller) syncEndpoints(ctx context.Context, targets []Target) error {
	client := c.kubeClient.CoreV1().Endpoints(c.options.Namespace) //nolint:staticcheck // Endpoints stay flag-controlled.
	desired := c.objects.Endpoints(targets, c.options.ManageEndpointSlices)
	if _, err := kube.CreateOrUpdate(ctx, client, desired, mergeEndpoints); err != nil {
		return fmt.Errorf("kubelet endpoints: %w", err)
	}
	return nil
}

// mergeEndpoints replaces the subsets and merges the metadata.
//
//nolint:staticcheck // Endpoints is deprecated upstream but still served.
func mergeEndpoints(existing, desired *corev1.Endpoints) (*corev1.Endpoints, bool) {
	merged := existing.DeepCopy()
	changed := kube.MergeMetadata(merged, desired)
	if !apiequality.Semantic.DeepEqual(nonEmptySubsets(merged.Subsets), nonEmptySubsets(desired.Subsets)) {
		merged.Subsets = desired.Subsets
		changed = true
	}
	return merged, changed
}

// nonEmptySubsets makes an empty subset list compare equal to a missing one.
//
//nolint:staticcheck // Endpoints is deprecated upstream but still served.
func nonEmptySubsets(subsets []corev1.EndpointSubset) []corev1.EndpointSubset {
	if len(subsets) == 0 {
		return nil
	}
	return subsets
}

// syncEndpointSlices applies the slice plan computed from the slices
// already owned for the Service.
func (c *Controller) syncEndpointSlices(ctx context.Context, targets []Target, service *corev1.Service) error {
	client := c.kubeClient.DiscoveryV1().EndpointSlices(c.options.Namespace)
	existing, err := client.List(ctx, metav1.ListOptions{LabelSelector: c.objects.SliceSelector()})
	if err != nil {
		return fmt.Errorf("list kubelet endpointslices: %w", err)
	}
	plan := c.objects.PlanSlices(existing.Items, targets, c.options.MaxEndpointsPerSlice, service)
	for _, slice := range plan.Update {
		if _, err := client.Update(ctx, slice, metav1.UpdateOptions{}); err != nil {
			return fmt.Errorf("update kubelet endpointslice %s: %w", slice.Name, err)
		}
	}
	for _, slice := range plan.Create {
		if _, err := client.Create(ctx, slice, metav1.CreateOptions{}); err != nil {
			return fmt.Errorf("create kubelet endpointslice for %s: %w", slice.GenerateName, err)
		}
	}
	for _, name := range plan.Delete {
		if err := kube.DeleteIgnoringNotFound(ctx, client, name, metav1.DeleteOptions{}); err != nil {
			return fmt.Errorf("kubelet endpointslice: %w", err)
		}
	}
	return nil
}

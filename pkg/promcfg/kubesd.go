// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"slices"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/httpconfig"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// The Kubernetes service discovery roles used by monitors.
const (
	roleEndpoints     = "endpoints"
	roleEndpointSlice = "endpointslice"
	rolePod           = "pod"
	roleIngress       = "ingress"
	roleService       = "service"
)

// kubernetesSD describes the kubernetes_sd_configs entry of a monitor job.
type kubernetesSD struct {
	role              string
	namespaceSelector monitoringv1.NamespaceSelector
	// attachMetadata is the object's own setting; the scrape class's
	// applies when it is nil.
	attachMetadata *monitoringv1.AttachMetadata
	// attachMinimum is the version that supports attach_metadata for the role.
	attachMinimum string
	// roleSelector, when set, is passed to service discovery for each of
	// selectorRoles instead of being turned into relabel rules.
	roleSelector  *metav1.LabelSelector
	selectorRoles []string
}

// kubernetesSD writes kubernetes_sd_configs with a single entry.
func (m *monitorJob) kubernetesSD(doc yamldoc.Map, sd kubernetesSD) (yamldoc.Map, error) {
	entry := yamldoc.Map{}.Add("role", sd.role)
	if names := m.namespaces(sd.namespaceSelector); len(names) > 0 {
		entry = entry.Add("namespaces", yamldoc.Map{}.Add("names", names))
	}
	entry = append(entry, m.env.apiServer...)
	// Only the roles with an attachMinimum (pod, endpoints) take metadata.
	if node, ok := m.attachNodeMetadata(sd.attachMetadata); ok && sd.attachMinimum != "" {
		entry = m.target.AtLeast(sd.attachMinimum).Set(entry, "attach_metadata", yamldoc.Map{}.Add("node", node))
	}
	selectors, err := m.env.roleSelectors(sd)
	if err != nil {
		return nil, err
	}
	entry = entry.AddIf(len(selectors) > 0, "selectors", selectors)
	return doc.Add("kubernetes_sd_configs", []yamldoc.Map{entry}), nil
}

// nodeFieldSelector limits a DaemonSet agent to the pods of its own node.
const nodeFieldSelector = "spec.nodeName=$(NODE_NAME)"

// roleSelectors builds the selectors of a discovery entry: the monitor's
// label selector per role, and in DaemonSet mode the node field selector
// for pods, merged into the pod entry since Prometheus accepts one
// selector per role.
func (env *Environment) roleSelectors(sd kubernetesSD) ([]yamldoc.Map, error) {
	var selectors []yamldoc.Map
	if env.daemonSet && (sd.roleSelector == nil || !slices.Contains(sd.selectorRoles, rolePod)) {
		selectors = append(selectors, yamldoc.Map{}.Add("role", rolePod).Add("field", nodeFieldSelector))
	}
	if sd.roleSelector == nil {
		return selectors, nil
	}
	selector, err := metav1.LabelSelectorAsSelector(sd.roleSelector)
	if err != nil {
		return nil, fmt.Errorf("selector: %w", err)
	}
	for _, role := range sd.selectorRoles {
		entry := yamldoc.Map{}.Add("role", role).Add("label", selector.String())
		if env.daemonSet && role == rolePod {
			entry = entry.Add("field", nodeFieldSelector)
		}
		selectors = append(selectors, entry)
	}
	return selectors, nil
}

// namespaces returns the namespaces to discover in: the object's own when
// the workload ignores namespace selectors or none are named, none (all)
// for "any", else the named ones.
func (m *monitorJob) namespaces(selector monitoringv1.NamespaceSelector) []string {
	switch {
	case m.env.common.IgnoreNamespaceSelectors:
		return []string{m.namespace}
	case selector.Any:
		return nil
	case len(selector.MatchNames) == 0:
		return []string{m.namespace}
	}
	return selector.MatchNames
}

// attachNodeMetadata resolves attach_metadata.node: the object's setting,
// else the scrape class's; zone-aware sharding needs node labels unless
// pods carry the zone themselves.
func (m *monitorJob) attachNodeMetadata(own *monitoringv1.AttachMetadata) (node, ok bool) {
	if own == nil {
		own = m.class.AttachMetadata
	}
	if own != nil {
		node, ok = ptrValue(own.Node), true
	}
	if m.env.sharding.Zones > 0 && !m.env.opts.PodTopologyLabels && !node {
		return true, true
	}
	return node, ok
}

// endpointRole picks endpoints or endpointslice for Service discovery: the
// object's role, else the workload's, and endpointslice only when the
// cluster and Prometheus (2.21+) support it.
func (env *Environment) endpointRole(own *monitoringv1.ServiceDiscoveryRole) string {
	role := own
	if role == nil {
		role = env.common.ServiceDiscoveryRole
	}
	if role == nil || *role != monitoringv1.ServiceDiscoveryRoleEndpointSlice {
		return roleEndpoints
	}
	if !env.opts.EndpointSliceSupported || !env.target.Supports("2.21.0") {
		return roleEndpoints
	}
	return roleEndpointSlice
}

// loadAPIServer renders the API server settings once; every Kubernetes SD
// entry of the run repeats them.
func (env *Environment) loadAPIServer() error {
	config := env.common.APIServerConfig
	if config == nil {
		return nil
	}
	if config.Host == "" {
		return fmt.Errorf("apiserverConfig: host is required")
	}
	client := env.httpWriter(env.workload.GetNamespace(), env.target.For("apiserverConfig"))
	items := yamldoc.Map{}.Add("api_server", config.Host)
	items = client.BasicAuth(items, config.BasicAuth)
	items = items.AddIf(config.BearerToken != "", "bearer_token", config.BearerToken)
	items = items.AddIf(config.BearerTokenFile != "", "bearer_token_file", config.BearerTokenFile)
	items = client.Authorization(items, config.Authorization)
	items = client.TLS(items, config.TLSConfig)
	items = client.Proxy(items, config.ProxyConfig)
	if client.Err() != nil {
		return fmt.Errorf("apiserverConfig: %w", client.Err())
	}
	if err := httpconfig.CheckSingleAuth(items); err != nil {
		return fmt.Errorf("apiserverConfig: %w", err)
	}
	env.assets.Merge(client.Assets())
	env.apiServer = items
	return nil
}

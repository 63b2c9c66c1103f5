// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"net/url"
	"slices"
	"strings"

	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/labels"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

var kubernetesFamily = newFamily("kubernetes_sd_configs", "kubernetesSDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.KubernetesSDConfig {
		return spec.KubernetesSDConfigs
	}, buildKubernetesSD)

// kubernetesRoles spells the API's roles the way Prometheus does.
var kubernetesRoles = map[monitoringv1alpha1.KubernetesRole]string{
	monitoringv1alpha1.KubernetesRolePod:           rolePod,
	monitoringv1alpha1.KubernetesRoleEndpoints:     roleEndpoints,
	monitoringv1alpha1.KubernetesRoleEndpointSlice: roleEndpointSlice,
	monitoringv1alpha1.KubernetesRoleService:       roleService,
	monitoringv1alpha1.KubernetesRoleIngress:       roleIngress,
	monitoringv1alpha1.KubernetesRoleNode:          "node",
}

// kubernetesSelectorRoles lists, for each discovery role, the roles whose
// objects its selectors may narrow.
var kubernetesSelectorRoles = map[string][]string{
	rolePod:           {rolePod},
	roleService:       {roleService},
	roleIngress:       {roleIngress},
	"node":            {"node"},
	roleEndpoints:     {rolePod, roleService, roleEndpoints},
	roleEndpointSlice: {rolePod, roleService, roleEndpointSlice},
}

func buildKubernetesSD(e *sdEntry, config *monitoringv1alpha1.KubernetesSDConfig) {
	if config.APIServer != nil {
		if _, err := url.Parse(*config.APIServer); err != nil {
			e.failf("apiServer: %w", err)
		}
		e.text("api_server", *config.APIServer)
	}
	role, known := kubernetesRoles[config.Role]
	if !known {
		e.failf("role: unknown role %q", config.Role)
	}
	if role == roleEndpointSlice {
		e.require("2.21.0", "the EndpointSlice role")
	}
	e.add("role", role)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
	if config.APIServer == nil && hasClientSettings(e.doc) {
		e.failf("HTTP client settings need apiServer: without it Prometheus uses its in-cluster service account")
	}
	kubernetesNamespaces(e, config)
	kubernetesSelectors(e, role, config.Selectors)
	kubernetesAttachMetadata(e, role, config.AttachMetadata)
}

func kubernetesNamespaces(e *sdEntry, config *monitoringv1alpha1.KubernetesSDConfig) {
	namespaces := config.Namespaces
	if namespaces == nil {
		return
	}
	if ptrValue(namespaces.IncludeOwnNamespace) && config.APIServer != nil {
		e.failf("namespaces.ownNamespace cannot be used with apiServer")
	}
	body := yamldoc.Map{}
	if len(namespaces.Names) > 0 {
		for _, name := range namespaces.Names {
			e.fail(checkText("namespaces.names", name))
		}
		body = body.Add("names", namespaces.Names)
	}
	if namespaces.IncludeOwnNamespace != nil {
		body = body.Add("own_namespace", *namespaces.IncludeOwnNamespace)
	}
	if len(body) > 0 {
		e.add("namespaces", body)
	}
}

// kubernetesSelectors writes the label and field selectors (2.17+), one per
// role, each for a role the discovery role watches.
func kubernetesSelectors(e *sdEntry, role string, selectors []monitoringv1alpha1.K8SSelectorConfig) {
	if len(selectors) == 0 {
		return
	}
	out := make([]yamldoc.Map, 0, len(selectors))
	seen := map[string]bool{}
	for _, selector := range selectors {
		selectorRole, known := kubernetesRoles[selector.Role]
		switch {
		case !known:
			e.failf("selectors: unknown role %q", selector.Role)
		case !slices.Contains(kubernetesSelectorRoles[role], selectorRole):
			e.failf("selectors: the %s role takes selectors for %s only", role, strings.Join(kubernetesSelectorRoles[role], ", "))
		case seen[selectorRole]:
			e.failf("selectors: role %s is set twice", selectorRole)
		}
		seen[selectorRole] = true
		item := yamldoc.Map{}.Add("role", selectorRole)
		if selector.Label != nil {
			if _, err := labels.Parse(*selector.Label); err != nil {
				e.failf("selectors: label: %w", err)
			}
			item = item.Add("label", *selector.Label)
		}
		if selector.Field != nil {
			if _, err := fields.ParseSelector(*selector.Field); err != nil {
				e.failf("selectors: field: %w", err)
			}
			item = item.Add("field", *selector.Field)
		}
		out = append(out, item)
	}
	e.since("2.17.0", "selectors", out)
}

// kubernetesAttachMetadata writes attach_metadata for the roles that take
// it: pod (2.35+), endpoints and endpointslice (2.37+). Other roles ignore
// it with a warning.
func kubernetesAttachMetadata(e *sdEntry, role string, metadata *monitoringv1.AttachMetadata) {
	if metadata == nil {
		return
	}
	var minimum string
	switch role {
	case rolePod:
		minimum = "2.35.0"
	case roleEndpoints, roleEndpointSlice:
		minimum = "2.37.0"
	default:
		e.job.target.Warn(e.path+".attachMetadata", "Prometheus does not attach metadata for the "+role+" role")
		return
	}
	e.since(minimum, "attach_metadata", yamldoc.Map{}.Add("node", ptrValue(metadata.Node)))
}

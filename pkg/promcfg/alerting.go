// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"
	"regexp"
	"strings"

	yaml "go.yaml.in/yaml/v2"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// alertingSection writes the Alertmanagers of a server and the alert
// relabeling that drops the replica label, so that the replicas' alerts
// deduplicate in Alertmanager.
func (env *Environment) alertingSection(doc yamldoc.Map, server *monitoringv1.Prometheus, in Input) (yamldoc.Map, error) {
	alerting := server.Spec.Alerting
	if alerting == nil && in.AdditionalAlertRelabelConfigs == nil && in.AdditionalAlertmanagerConfigs == nil {
		return doc, nil
	}
	var alertmanagers []any
	if alerting != nil {
		for i := range alerting.Alertmanagers {
			endpoint, err := env.alertmanager(&alerting.Alertmanagers[i], i)
			if err != nil {
				return nil, fmt.Errorf("alerting.alertmanagers[%d]: %w", i, err)
			}
			alertmanagers = append(alertmanagers, endpoint)
		}
	}
	extraAlertmanagers, err := rawList(in.AdditionalAlertmanagerConfigs)
	if err != nil {
		return nil, fmt.Errorf("additional Alertmanager configs: %w", err)
	}
	alertmanagers = append(alertmanagers, extraAlertmanagers...)

	var alertRelabelings []any
	if replica := ptrOrDefault(env.common.ReplicaExternalLabelName, defaultReplicaLabelName); replica != "" {
		alertRelabelings = append(alertRelabelings, relabel.LabelDrop(regexp.QuoteMeta(replica)))
	}
	extraRelabelings, err := rawList(in.AdditionalAlertRelabelConfigs)
	if err != nil {
		return nil, fmt.Errorf("additional alert relabel configs: %w", err)
	}
	alertRelabelings = append(alertRelabelings, extraRelabelings...)
	body := yamldoc.Map{}.Add("alert_relabel_configs", nonNil(alertRelabelings)).Add("alertmanagers", nonNil(alertmanagers))
	return doc.Add("alerting", body), nil
}

func nonNil(items []any) []any {
	if items == nil {
		return []any{}
	}
	return items
}

// rawList decodes a user-supplied YAML list; each item is emitted verbatim.
func rawList(data []byte) ([]any, error) {
	var items []yaml.MapSlice
	if err := yaml.Unmarshal(data, &items); err != nil {
		return nil, err
	}
	out := make([]any, len(items))
	for i, item := range items {
		out[i] = yamldoc.RawYAML{Value: item}
	}
	return out, nil
}

// alertmanager writes one Alertmanager block, discovered through the
// endpoints of its Service.
func (env *Environment) alertmanager(am *monitoringv1.AlertmanagerEndpoints, index int) (yamldoc.Map, error) {
	if err := env.checkAlertmanager(am); err != nil {
		return nil, err
	}
	target := env.target.For(fmt.Sprintf("alertmanager/%d", index))
	client := env.httpWriter(env.workload.GetNamespace(), target)
	doc := yamldoc.Map{}
	if am.Scheme != nil {
		doc = doc.Add("scheme", strings.ToLower(*am.Scheme))
	}
	if am.PathPrefix != nil {
		doc = doc.Add("path_prefix", *am.PathPrefix)
	}
	if am.Timeout != nil {
		doc = doc.Add("timeout", string(*am.Timeout))
	}
	doc = client.EnableHTTP2(doc, am.EnableHTTP2)
	doc = client.TLS(doc, am.TLSConfig)
	doc = client.Proxy(doc, am.ProxyConfig)
	role := env.endpointRole(nil)
	namespace := ptrOrDefault(am.Namespace, env.workload.GetNamespace())
	sd := yamldoc.Map{}.Add("role", role).Add("namespaces", yamldoc.Map{}.Add("names", []string{namespace}))
	doc = doc.Add("kubernetes_sd_configs", []yamldoc.Map{append(sd, env.apiServer...)})
	doc = doc.AddIf(am.BearerTokenFile != "", "bearer_token_file", am.BearerTokenFile)
	if am.BasicAuth != nil && target.AtLeast("2.26.0").Check("basic_auth") {
		doc = client.BasicAuth(doc, am.BasicAuth)
	}
	doc = client.SafeAuthorization(doc, am.Authorization)
	doc = client.SigV4(doc, target.AtLeast("2.48.0"), am.Sigv4)
	doc = env.alertmanagerAPIVersion(doc, am.APIVersion)
	doc = doc.Add("relabel_configs", relabel.ToDocument(env.alertmanagerRelabelings(am, role)))
	if len(am.AlertRelabelings) > 0 {
		doc = target.AtLeast("2.51.0").Set(doc, "alert_relabel_configs", relabel.ToDocument(relabel.FromAPIList(am.AlertRelabelings)))
	}
	return env.finishClient(doc, client)
}

// alertmanagerAPIVersion writes api_version (Prometheus 2.11+); v1 is
// silently left out for Prometheus 3, which only speaks v2.
func (env *Environment) alertmanagerAPIVersion(doc yamldoc.Map, apiVersion *monitoringv1.AlertmanagerAPIVersion) yamldoc.Map {
	if apiVersion == nil {
		return doc
	}
	switch monitoringv1.AlertmanagerAPIVersion(strings.ToUpper(string(*apiVersion))) {
	case monitoringv1.AlertmanagerAPIVersion1:
		if env.target.Major() >= 3 {
			return doc
		}
	case monitoringv1.AlertmanagerAPIVersion2:
	default:
		return doc
	}
	return env.target.AtLeast("2.11.0").Set(doc, "api_version", strings.ToLower(string(*apiVersion)))
}

// alertmanagerRelabelings keep the endpoints of the named Service and port.
func (env *Environment) alertmanagerRelabelings(am *monitoringv1.AlertmanagerEndpoints, role string) []relabel.Rule {
	rules := []relabel.Rule{relabel.Keep(am.Name, relabel.MetaServiceName)}
	switch {
	case am.Port.StrVal != "":
		portLabel := "__meta_kubernetes_endpoint_port_name"
		if role == roleEndpointSlice {
			portLabel = "__meta_kubernetes_endpointslice_port_name"
		}
		rules = append(rules, relabel.Keep(am.Port.String(), portLabel))
	case am.Port.IntVal != 0:
		rules = append(rules, relabel.Keep(am.Port.String(), relabel.MetaPodContainerPortNumber))
	}
	return append(rules, relabel.FromAPIList(am.Relabelings)...)
}

func (env *Environment) checkAlertmanager(am *monitoringv1.AlertmanagerEndpoints) error {
	if am.Name == "" {
		return errors.New("name is required")
	}
	if am.Scheme != nil {
		if scheme := strings.ToLower(*am.Scheme); scheme != "http" && scheme != "https" {
			return fmt.Errorf("scheme %q is neither http nor https", *am.Scheme)
		}
	}
	if err := env.validator.ValidateList(am.Relabelings); err != nil {
		return fmt.Errorf("relabelings%w", err)
	}
	if err := env.validator.ValidateList(am.AlertRelabelings); err != nil {
		return fmt.Errorf("alertRelabelings%w", err)
	}
	return nil
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"errors"
	"fmt"

	"github.com/google/uuid"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/httpconfig"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// protobufMessages maps the API's message versions to Prometheus's names.
var protobufMessages = map[monitoringv1.RemoteWriteMessageVersion]string{
	monitoringv1.RemoteWriteMessageVersion1_0: "prometheus.WriteRequest",
	monitoringv1.RemoteWriteMessageVersion2_0: "io.prometheus.write.v2.Request",
}

// remoteWriteSection writes remote_write when endpoints are configured.
func (env *Environment) remoteWriteSection(doc yamldoc.Map) (yamldoc.Map, error) {
	if len(env.common.RemoteWrite) == 0 {
		return doc, nil
	}
	endpoints := make([]yamldoc.Map, 0, len(env.common.RemoteWrite))
	for i := range env.common.RemoteWrite {
		endpoint, err := env.remoteWrite(&env.common.RemoteWrite[i], i)
		if err != nil {
			return nil, fmt.Errorf("remoteWrite[%d]: %w", i, err)
		}
		endpoints = append(endpoints, endpoint)
	}
	return doc.Add("remote_write", endpoints), nil
}

func (env *Environment) remoteWrite(spec *monitoringv1.RemoteWriteSpec, index int) (yamldoc.Map, error) {
	if err := env.checkRemoteWrite(spec); err != nil {
		return nil, err
	}
	target := env.target.For(fmt.Sprintf("remoteWrite/%d", index))
	client := env.httpWriter(env.workload.GetNamespace(), target)
	doc := yamldoc.Map{}.Add("url", spec.URL)
	if spec.RemoteTimeout != nil {
		doc = doc.Add("remote_timeout", string(*spec.RemoteTimeout))
	}
	if len(spec.Headers) > 0 {
		doc = target.AtLeast("2.15.0").Set(doc, "headers", yamldoc.FromStringMap(spec.Headers))
	}
	if name := ptrValue(spec.Name); name != "" {
		doc = target.AtLeast("2.15.0").Set(doc, "name", name)
	}
	if spec.MessageVersion != nil {
		doc = target.AtLeast("2.54.0").Set(doc, "protobuf_message", protobufMessages[*spec.MessageVersion])
	}
	if spec.SendExemplars != nil {
		doc = target.AtLeast("2.27.0").Set(doc, "send_exemplars", *spec.SendExemplars)
	}
	if spec.SendNativeHistograms != nil {
		doc = target.AtLeast("2.40.0").Set(doc, "send_native_histograms", *spec.SendNativeHistograms)
	}
	if len(spec.WriteRelabelConfigs) > 0 {
		doc = doc.Add("write_relabel_configs", relabel.ToDocument(relabel.FromAPIList(spec.WriteRelabelConfigs)))
	}
	doc = client.BasicAuth(doc, spec.BasicAuth)
	doc = doc.AddIf(spec.BearerToken != "", "bearer_token", spec.BearerToken)
	doc = doc.AddIf(spec.BearerTokenFile != "", "bearer_token_file", spec.BearerTokenFile)
	doc = client.OAuth2(doc, spec.OAuth2)
	doc = client.TLS(doc, spec.TLSConfig)
	doc = client.Authorization(doc, spec.Authorization)
	doc = client.Proxy(doc, spec.ProxyConfig)
	doc = client.SigV4(doc, target.AtLeast("2.26.0"), spec.Sigv4)
	doc = env.azureAD(doc, client, spec.AzureAD)
	doc = client.FollowRedirects(doc, spec.FollowRedirects)
	doc = client.EnableHTTP2(doc, spec.EnableHTTP2)
	doc = env.queueConfig(doc, client, spec.QueueConfig)
	doc = env.metadataConfig(doc, client, spec)
	if spec.RoundRobinDNS != nil {
		doc = target.AtLeast("3.1.0").Set(doc, "round_robin_dns", *spec.RoundRobinDNS)
	}
	return env.finishClient(doc, client)
}

// finishClient checks a workload-level client section and keeps its TLS files.
func (env *Environment) finishClient(doc yamldoc.Map, client *httpconfig.Writer) (yamldoc.Map, error) {
	if client.Err() != nil {
		return nil, client.Err()
	}
	if err := httpconfig.CheckSingleAuth(doc); err != nil {
		return nil, err
	}
	env.assets.Merge(client.Assets())
	return doc, nil
}

// checkRemoteWrite refuses endpoints Prometheus could not use.
func (env *Environment) checkRemoteWrite(spec *monitoringv1.RemoteWriteSpec) error {
	if err := checkURL("url", spec.URL); err != nil {
		return err
	}
	if err := checkHeaders("headers", spec.Headers); err != nil {
		return err
	}
	var methods []string
	for name, set := range map[string]bool{
		"basicAuth": spec.BasicAuth != nil, "oauth2": spec.OAuth2 != nil, "authorization": spec.Authorization != nil,
		"sigv4": spec.Sigv4 != nil, "azureAd": spec.AzureAD != nil,
	} {
		if set {
			methods = append(methods, name)
		}
	}
	if len(methods) > 1 {
		return fmt.Errorf("at most one authentication method may be set, found %d", len(methods))
	}
	if spec.MessageVersion != nil {
		if _, ok := protobufMessages[*spec.MessageVersion]; !ok {
			return fmt.Errorf("unknown messageVersion %q", *spec.MessageVersion)
		}
	}
	if err := env.validator.ValidateList(spec.WriteRelabelConfigs); err != nil {
		return fmt.Errorf("writeRelabelConfigs%w", err)
	}
	return env.checkAzureAD(spec.AzureAD)
}

// checkAzureAD allows exactly one Azure authentication flavour and checks
// its version requirement and identifiers.
func (env *Environment) checkAzureAD(azure *monitoringv1.AzureAD) error {
	if azure == nil {
		return nil
	}
	flavours := 0
	for _, set := range []bool{azure.ManagedIdentity != nil, azure.OAuth != nil, azure.SDK != nil, azure.WorkloadIdentity != nil} {
		if set {
			flavours++
		}
	}
	if flavours != 1 {
		return errors.New("azureAd: exactly one of managedIdentity, oauth, sdk and workloadIdentity must be set")
	}
	switch {
	case azure.ManagedIdentity != nil:
		if ptrValue(azure.ManagedIdentity.ClientID) == "" && !env.target.Supports("3.5.0") {
			return errors.New("azureAd.managedIdentity: clientId is required before Prometheus 3.5.0")
		}
	case azure.OAuth != nil:
		if !env.target.Supports("2.48.0") {
			return errors.New("azureAd.oauth needs Prometheus 2.48.0 or newer")
		}
		if _, err := uuid.Parse(azure.OAuth.ClientID); err != nil {
			return errors.New("azureAd.oauth: clientId is not a valid UUID")
		}
	case azure.SDK != nil:
		if !env.target.Supports("2.52.0") {
			return errors.New("azureAd.sdk needs Prometheus 2.52.0 or newer")
		}
	case azure.WorkloadIdentity != nil:
		if !env.target.Supports("3.7.0") {
			return errors.New("azureAd.workloadIdentity needs Prometheus 3.7.0 or newer")
		}
		if _, err := uuid.Parse(azure.WorkloadIdentity.ClientID); err != nil {
			return errors.New("azureAd.workloadIdentity: clientId is not a valid UUID")
		}
		if _, err := uuid.Parse(azure.WorkloadIdentity.TenantID); err != nil {
			return errors.New("azureAd.workloadIdentity: tenantId is not a valid UUID")
		}
	}
	return nil
}

// azureAD writes the Azure AD authentication (Prometheus 2.45+).
func (env *Environment) azureAD(doc yamldoc.Map, client *httpconfig.Writer, azure *monitoringv1.AzureAD) yamldoc.Map {
	if azure == nil {
		return doc
	}
	target := client.Target()
	body := yamldoc.Map{}
	if azure.ManagedIdentity != nil {
		identity := yamldoc.Map{}
		if id := ptrValue(azure.ManagedIdentity.ClientID); id != "" {
			identity = identity.Add("client_id", id)
		}
		body = body.Add("managed_identity", identity)
	}
	if azure.OAuth != nil {
		body = target.AtLeast("2.48.0").Set(body, "oauth", yamldoc.Map{}.
			Add("client_id", azure.OAuth.ClientID).
			Add("client_secret", client.Secret("azureAd.oauth.clientSecret", azure.OAuth.ClientSecret)).
			Add("tenant_id", azure.OAuth.TenantID))
	}
	if azure.SDK != nil {
		body = target.AtLeast("2.52.0").Set(body, "sdk", yamldoc.Map{}.Add("tenant_id", ptrValue(azure.SDK.TenantID)))
	}
	if azure.WorkloadIdentity != nil {
		body = target.AtLeast("3.7.0").Set(body, "workload_identity", yamldoc.Map{}.
			Add("client_id", azure.WorkloadIdentity.ClientID).
			Add("tenant_id", azure.WorkloadIdentity.TenantID))
	}
	if azure.Cloud != nil {
		body = body.Add("cloud", *azure.Cloud)
	}
	if scope := ptrValue(azure.Scope); scope != "" {
		body = target.AtLeast("3.9.0").Set(body, "scope", scope)
	}
	return target.AtLeast("2.45.0").Set(doc, "azuread", body)
}

// queueConfig writes the queue tuning of a remote-write endpoint.
func (env *Environment) queueConfig(doc yamldoc.Map, client *httpconfig.Writer, queue *monitoringv1.QueueConfig) yamldoc.Map {
	if queue == nil {
		return doc
	}
	target := client.Target()
	body := yamldoc.Map{}.AddIf(queue.Capacity != 0, "capacity", queue.Capacity)
	if queue.MinShards != 0 {
		body = target.AtLeast("2.6.0").Set(body, "min_shards", queue.MinShards)
	}
	body = body.AddIf(queue.MaxShards != 0, "max_shards", queue.MaxShards)
	body = body.AddIf(queue.MaxSamplesPerSend != 0, "max_samples_per_send", queue.MaxSamplesPerSend)
	if queue.BatchSendDeadline != nil {
		body = body.Add("batch_send_deadline", string(*queue.BatchSendDeadline))
	}
	if queue.MaxRetries != 0 {
		body = target.Below("2.11.0").Set(body, "max_retries", queue.MaxRetries)
	}
	if queue.MinBackoff != nil {
		body = body.Add("min_backoff", string(*queue.MinBackoff))
	}
	if queue.MaxBackoff != nil {
		body = body.Add("max_backoff", string(*queue.MaxBackoff))
	}
	if queue.RetryOnRateLimit {
		body = target.AtLeast("2.26.0").Set(body, "retry_on_http_429", true)
	}
	if queue.SampleAgeLimit != nil {
		body = target.AtLeast("2.50.0").Set(body, "sample_age_limit", string(*queue.SampleAgeLimit))
	}
	return doc.Add("queue_config", body)
}

// metadataConfig writes metadata_config (Prometheus 2.23+); remote write 2.0
// carries metadata itself, so sending is turned off for it.
func (env *Environment) metadataConfig(doc yamldoc.Map, client *httpconfig.Writer, spec *monitoringv1.RemoteWriteSpec) yamldoc.Map {
	metadata := spec.MetadataConfig
	if metadata == nil {
		return doc
	}
	send := metadata.Send
	if ptrValue(spec.MessageVersion) == monitoringv1.RemoteWriteMessageVersion2_0 {
		send = false
	}
	body := yamldoc.Map{}.Add("send", send)
	body = body.AddIf(metadata.SendInterval != "", "send_interval", string(metadata.SendInterval))
	if metadata.MaxSamplesPerSend != nil {
		body = client.Target().AtLeast("2.29.0").Set(body, "max_samples_per_send", *metadata.MaxSamplesPerSend)
	}
	return client.Target().AtLeast("2.23.0").Set(doc, "metadata_config", body)
}

// remoteReadSection writes remote_read for a server.
func (env *Environment) remoteReadSection(doc yamldoc.Map, specs []monitoringv1.RemoteReadSpec) (yamldoc.Map, error) {
	if len(specs) == 0 {
		return doc, nil
	}
	endpoints := make([]yamldoc.Map, 0, len(specs))
	for i := range specs {
		endpoint, err := env.remoteRead(&specs[i], i)
		if err != nil {
			return nil, fmt.Errorf("remoteRead[%d]: %w", i, err)
		}
		endpoints = append(endpoints, endpoint)
	}
	return doc.Add("remote_read", endpoints), nil
}

func (env *Environment) remoteRead(spec *monitoringv1.RemoteReadSpec, index int) (yamldoc.Map, error) {
	if err := checkURL("url", spec.URL); err != nil {
		return nil, err
	}
	if err := checkHeaders("headers", spec.Headers); err != nil {
		return nil, err
	}
	target := env.target.For(fmt.Sprintf("remoteRead/%d", index))
	client := env.httpWriter(env.workload.GetNamespace(), target)
	doc := yamldoc.Map{}.Add("url", spec.URL)
	if spec.RemoteTimeout != nil {
		doc = doc.Add("remote_timeout", string(*spec.RemoteTimeout))
	}
	if len(spec.Headers) > 0 {
		doc = target.AtLeast("2.26.0").Set(doc, "headers", yamldoc.FromStringMap(spec.Headers))
	}
	if spec.Name != "" {
		doc = target.AtLeast("2.15.0").Set(doc, "name", spec.Name)
	}
	if len(spec.RequiredMatchers) > 0 {
		doc = doc.Add("required_matchers", yamldoc.FromStringMap(spec.RequiredMatchers))
	}
	doc = doc.AddIf(spec.ReadRecent, "read_recent", true)
	doc = client.BasicAuth(doc, spec.BasicAuth)
	doc = doc.AddIf(spec.BearerToken != "", "bearer_token", spec.BearerToken)
	doc = doc.AddIf(spec.BearerTokenFile != "", "bearer_token_file", spec.BearerTokenFile)
	doc = client.OAuth2(doc, spec.OAuth2)
	doc = client.TLS(doc, spec.TLSConfig)
	doc = client.Authorization(doc, spec.Authorization)
	doc = client.Proxy(doc, spec.ProxyConfig)
	doc = client.FollowRedirects(doc, spec.FollowRedirects)
	if spec.FilterExternalLabels != nil {
		doc = target.AtLeast("2.34.0").Set(doc, "filter_external_labels", *spec.FilterExternalLabels)
	}
	return env.finishClient(doc, client)
}

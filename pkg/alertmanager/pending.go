// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

// This file holds the kind-neutral pieces of the pod that are being moved
// to shared packages (pkg/workload, pkg/webconfig, pkg/configreloader); the
// controller switches to those as they land.

import (
	"fmt"
	"path"
	"strings"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// tlsAssetsVolume projects every shard of the tls-assets Secret into one folder.
func tlsAssetsVolume(secretNames []string) corev1.Volume {
	sources := make([]corev1.VolumeProjection, 0, len(secretNames))
	for _, name := range secretNames {
		sources = append(sources, corev1.VolumeProjection{Secret: &corev1.SecretProjection{
			LocalObjectReference: corev1.LocalObjectReference{Name: name},
		}})
	}
	return corev1.Volume{Name: tlsAssetsVolumeName, VolumeSource: corev1.VolumeSource{
		Projected: &corev1.ProjectedVolumeSource{Sources: sources},
	}}
}

// addWebConfigVolumes mounts the web configuration file, in Alertmanager and
// in the reloader, and the web TLS credentials it names.
func (b *builder) addWebConfigVolumes(v *podVolumes) error {
	v.pod = append(v.pod, corev1.Volume{Name: webConfigVolumeName, VolumeSource: corev1.VolumeSource{
		Secret: &corev1.SecretVolumeSource{SecretName: WebConfigSecretName(b.am)},
	}})
	mount := corev1.VolumeMount{Name: webConfigVolumeName, MountPath: path.Join(webConfigDir, webConfigFile), SubPath: webConfigFile, ReadOnly: true}
	v.alertmanager = append(v.alertmanager, mount)
	v.reloader = append(v.reloader, mount)
	if !b.webTLS() {
		return nil
	}
	tls := b.am.Spec.Web.TLSConfig
	for _, item := range []credential{
		{role: "key", source: monitoringv1.SecretOrConfigMap{Secret: &tls.KeySecret}},
		{role: "cert", source: tls.Cert},
		{role: "client-ca", source: tls.ClientCA},
	} {
		if err := mountCredential(v, "web-config-tls-", path.Join(webConfigDir, "tls"), item); err != nil {
			return fmt.Errorf("spec.web.tlsConfig: %w", err)
		}
	}
	return nil
}

// storage returns the data volume, or the claim template when the storage
// is a persistent volume claim.
func (b *builder) storage() (*corev1.Volume, *corev1.PersistentVolumeClaim) {
	storage := b.am.Spec.Storage
	name := storageVolumeName(b.am)
	switch {
	case storage == nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}, nil
	case storage.EmptyDir != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: storage.EmptyDir}}, nil
	case storage.Ephemeral != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{Ephemeral: storage.Ephemeral}}, nil
	}
	template := storage.VolumeClaimTemplate
	claim := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: valueOr(template.Name, name), Labels: template.Labels, Annotations: template.Annotations},
		Spec:       template.Spec,
	}
	if claim.Spec.AccessModes == nil {
		claim.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	}
	return nil, claim
}

// hostAliases converts spec.hostAliases.
func hostAliases(aliases []monitoringv1.HostAlias) []corev1.HostAlias {
	var converted []corev1.HostAlias
	for _, alias := range aliases {
		converted = append(converted, corev1.HostAlias{IP: alias.IP, Hostnames: alias.Hostnames})
	}
	return converted
}

// setDNS sets the pod's DNS policy and configuration: a pod on the host
// network resolves through the cluster DNS unless told otherwise.
func setDNS(pod *corev1.PodSpec, hostNetwork bool, policy *monitoringv1.DNSPolicy, config *monitoringv1.PodDNSConfig) {
	if hostNetwork {
		pod.DNSPolicy = corev1.DNSClusterFirstWithHostNet
	}
	if policy != nil {
		pod.DNSPolicy = corev1.DNSPolicy(*policy)
	}
	if config != nil {
		dns := &corev1.PodDNSConfig{Nameservers: config.Nameservers, Searches: config.Searches}
		for _, option := range config.Options {
			dns.Options = append(dns.Options, corev1.PodDNSConfigOption{Name: option.Name, Value: option.Value})
		}
		pod.DNSConfig = dns
	}
}

// imageReference is image when set, else base completed by the digest, the
// tag or the version (unless base already names a tag or digest).
func imageReference(image, base, version, tag, digest string) (string, error) {
	if image != "" {
		return image, nil
	}
	if base == "" {
		return "", fmt.Errorf("no image and no base image")
	}
	last := base[strings.LastIndex(base, "/")+1:]
	switch {
	case strings.Contains(base, "@") || strings.Contains(last, ":"):
		return base, nil
	case digest != "":
		return base + "@sha256:" + digest, nil
	case tag != "":
		return base + ":" + tag, nil
	}
	return base + ":" + version, nil
}

// webConfigFileContent renders web-config.yaml: empty without TLS or HTTP
// settings. Credentials from Secrets or ConfigMaps point where
// addWebConfigVolumes mounts them.
func webConfigFileContent(web *monitoringv1.AlertmanagerWebSpec) ([]byte, error) {
	if web == nil || (web.TLSConfig == nil && web.HTTPConfig == nil) {
		return []byte{}, nil
	}
	doc := yamldoc.Map{}
	if tls := web.TLSConfig; tls != nil {
		dir := path.Join(webConfigDir, "tls")
		server := yamldoc.Map{}.
			Add("cert_file", fileOr(tls.CertFile, credentialPath(dir, tls.Cert))).
			Add("key_file", fileOr(tls.KeyFile, credentialPath(dir, monitoringv1.SecretOrConfigMap{Secret: &tls.KeySecret})))
		if tls.ClientAuthType != nil {
			server = server.Add("client_auth_type", *tls.ClientAuthType)
		}
		if ca := fileOr(tls.ClientCAFile, credentialPath(dir, tls.ClientCA)); ca != "" {
			server = server.Add("client_ca_file", ca)
		}
		server = addOptional(server, "min_version", tls.MinVersion)
		server = addOptional(server, "max_version", tls.MaxVersion)
		server = server.AddIf(len(tls.CipherSuites) > 0, "cipher_suites", tls.CipherSuites)
		if tls.PreferServerCipherSuites != nil {
			server = server.Add("prefer_server_cipher_suites", *tls.PreferServerCipherSuites)
		}
		server = server.AddIf(len(tls.CurvePreferences) > 0, "curve_preferences", tls.CurvePreferences)
		doc = doc.Add("tls_server_config", server)
	}
	if config := web.HTTPConfig; config != nil && config.HTTP2 != nil {
		doc = doc.Add("http_server_config", yamldoc.Map{}.Add("http2", *config.HTTP2))
	}
	return yamldoc.Marshal(doc)
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package alertmanager

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"maps"
	"path"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/amcfg"
	"github.com/seed-6daed11e/prometheus-operator/pkg/objectmeta"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// managedMetadata is the metadata of a Secret owned by am: the operator's
// --labels and --annotations and the managed-by labels.
func managedMetadata(am *monitoringv1.Alertmanager, config *operator.Config, name string) metav1.ObjectMeta {
	return metav1.ObjectMeta{
		Name:      name,
		Namespace: am.Namespace,
		Labels: objectmeta.MergeMaps(config.Labels, map[string]string{
			operator.ManagedByLabel: operator.ManagedByValue, operator.ManagedByRecommended: operator.ManagedByValue,
		}),
		Annotations:     objectmeta.MergeMaps(config.Annotations),
		OwnerReferences: controllerReference(am),
	}
}

// MakeGeneratedSecret builds alertmanager-<name>-generated: the gzipped
// configuration under alertmanager.yaml.gz, plus every other key of the
// user's configuration Secret (templates, for instance), which the pod sees
// next to it.
func MakeGeneratedSecret(am *monitoringv1.Alertmanager, config *operator.Config, generated []byte, userData map[string][]byte) (*corev1.Secret, error) {
	var compressed bytes.Buffer
	writer := gzip.NewWriter(&compressed)
	if _, err := writer.Write(generated); err != nil {
		return nil, fmt.Errorf("compress the configuration: %w", err)
	}
	if err := writer.Close(); err != nil {
		return nil, fmt.Errorf("compress the configuration: %w", err)
	}
	data := map[string][]byte{}
	maps.Copy(data, userData)
	delete(data, amcfg.ConfigKey)
	data[GeneratedConfigKey] = compressed.Bytes()
	return &corev1.Secret{ObjectMeta: managedMetadata(am, config, GeneratedSecretName(am)), Data: data}, nil
}

// MakeClusterTLSSecret builds alertmanager-<name>-cluster-tls-config. It
// always exists; the file is empty without spec.clusterTLS.
func MakeClusterTLSSecret(am *monitoringv1.Alertmanager, config *operator.Config) (*corev1.Secret, error) {
	content, err := clusterTLSConfig(am.Spec.ClusterTLS)
	if err != nil {
		return nil, fmt.Errorf("spec.clusterTLS: %w", err)
	}
	return &corev1.Secret{
		ObjectMeta: managedMetadata(am, config, ClusterTLSSecretName(am)),
		Data:       map[string][]byte{clusterTLSFile: content},
	}, nil
}

// clusterTLSConfig renders the gossip TLS file: tls_server_config, then
// tls_client_config. File paths given in the spec win over Secret and
// ConfigMap references, which point into the mounted folders.
func clusterTLSConfig(tls *monitoringv1.ClusterTLSConfig) ([]byte, error) {
	if tls == nil {
		return []byte{}, nil
	}
	if tls.ClientTLS.Cert.Secret == nil && tls.ClientTLS.Cert.ConfigMap == nil {
		return nil, fmt.Errorf("client: certificate is required")
	}
	serverDir, clientDir := path.Join(clusterTLSDir, "server_tls"), path.Join(clusterTLSDir, "client_tls")
	server := tls.ServerTLS
	serverDoc := yamldoc.Map{}.
		AddIf(true, "key_file", fileOr(server.KeyFile, credentialPath(serverDir, monitoringv1.SecretOrConfigMap{Secret: &server.KeySecret}))).
		AddIf(true, "cert_file", fileOr(server.CertFile, credentialPath(serverDir, server.Cert)))
	if server.ClientAuthType != nil {
		serverDoc = serverDoc.Add("client_auth_type", *server.ClientAuthType)
	}
	if ca := fileOr(server.ClientCAFile, credentialPath(serverDir, server.ClientCA)); ca != "" {
		serverDoc = serverDoc.Add("client_ca_file", ca)
	}
	serverDoc = addOptional(serverDoc, "min_version", server.MinVersion)
	serverDoc = addOptional(serverDoc, "max_version", server.MaxVersion)
	serverDoc = serverDoc.AddIf(len(server.CipherSuites) > 0, "cipher_suites", server.CipherSuites)
	if server.PreferServerCipherSuites != nil {
		serverDoc = serverDoc.Add("prefer_server_cipher_suites", *server.PreferServerCipherSuites)
	}
	serverDoc = serverDoc.AddIf(len(server.CurvePreferences) > 0, "curve_preferences", server.CurvePreferences)

	client := tls.ClientTLS
	clientDoc := yamldoc.Map{}
	if client.KeySecret != nil {
		clientDoc = clientDoc.Add("key_file", credentialPath(clientDir, monitoringv1.SecretOrConfigMap{Secret: client.KeySecret}))
	}
	clientDoc = clientDoc.Add("cert_file", credentialPath(clientDir, client.Cert))
	if ca := credentialPath(clientDir, client.CA); ca != "" {
		clientDoc = clientDoc.Add("ca_file", ca)
	}
	clientDoc = addOptional(clientDoc, "server_name", client.ServerName)
	if client.InsecureSkipVerify != nil {
		clientDoc = clientDoc.Add("insecure_skip_verify", *client.InsecureSkipVerify)
	}
	return yamldoc.Marshal(yamldoc.Map{}.Add("tls_server_config", serverDoc).Add("tls_client_config", clientDoc))
}

// credentialPath is where a credential's Secret or ConfigMap key is
// mounted under dir (see mountCredential), empty when none is named.
func credentialPath(dir string, source monitoringv1.SecretOrConfigMap) string {
	switch {
	case source.Secret != nil && source.Secret.Name != "":
		return path.Join(dir, "secret", source.Secret.Name, source.Secret.Key)
	case source.ConfigMap != nil && source.ConfigMap.Name != "":
		return path.Join(dir, "configmap", source.ConfigMap.Name, source.ConfigMap.Key)
	}
	return ""
}

func fileOr(file *string, fallback string) string {
	if file != nil && *file != "" {
		return *file
	}
	return fallback
}

func addOptional[T ~string](doc yamldoc.Map, key string, value *T) yamldoc.Map {
	if value == nil || *value == "" {
		return doc
	}
	return doc.Add(key, string(*value))
}

// MakeGoverningService builds alertmanager-operated, the headless Service
// giving the pods of every Alertmanager of the namespace their DNS names.
// Each Alertmanager using it is one of its (non-controlling) owners.
func MakeGoverningService(am *monitoringv1.Alertmanager, config *operator.Config) *corev1.Service {
	portName := valueOr(am.Spec.PortName, defaultPortName)
	return &corev1.Service{
		ObjectMeta: metav1.ObjectMeta{
			Name:            GoverningServiceName,
			Namespace:       am.Namespace,
			Labels:          objectmeta.MergeMaps(config.Labels, map[string]string{operatedLabel: "true", operator.ManagedByLabel: operator.ManagedByValue}),
			Annotations:     objectmeta.MergeMaps(config.Annotations),
			OwnerReferences: []metav1.OwnerReference{objectmeta.OwnerReference(am, GroupVersionKind)},
		},
		Spec: corev1.ServiceSpec{
			ClusterIP:                corev1.ClusterIPNone,
			PublishNotReadyAddresses: true,
			Selector:                 map[string]string{nameLabel: ApplicationName},
			Ports: []corev1.ServicePort{
				{Name: portName, Port: webPort, TargetPort: intstr.FromString(portName), Protocol: corev1.ProtocolTCP},
				{Name: "tcp-mesh", Port: meshPort, TargetPort: intstr.FromString(meshTCPPortName), Protocol: corev1.ProtocolTCP},
				{Name: "udp-mesh", Port: meshPort, TargetPort: intstr.FromString(meshUDPPortName), Protocol: corev1.ProtocolUDP},
			},
		},
	}
}

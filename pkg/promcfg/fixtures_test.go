// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
)

// Fixture builders: each returns the object of the blog walkthrough
// (Prometheus default/example selecting team=frontend, monitors of the
// example-app) changed by functional options.

func ptr[T any](value T) *T { return &value }

type prometheusOption func(*monitoringv1.Prometheus)

func newPrometheus(options ...prometheusOption) *monitoringv1.Prometheus {
	p := &monitoringv1.Prometheus{
		ObjectMeta: metav1.ObjectMeta{Name: "example", Namespace: "default"},
		Spec: monitoringv1.PrometheusSpec{
			CommonPrometheusFields: monitoringv1.CommonPrometheusFields{
				ScrapeInterval:         "30s",
				ServiceMonitorSelector: &metav1.LabelSelector{MatchLabels: map[string]string{"team": "frontend"}},
				PodMonitorSelector:     &metav1.LabelSelector{MatchLabels: map[string]string{"team": "frontend"}},
				ProbeSelector:          &metav1.LabelSelector{MatchLabels: map[string]string{"team": "frontend"}},
			},
			EvaluationInterval: "30s",
		},
	}
	for _, option := range options {
		option(p)
	}
	return p
}

func withVersion(v string) prometheusOption {
	return func(p *monitoringv1.Prometheus) { p.Spec.Version = v }
}

func withCommon(change func(*monitoringv1.CommonPrometheusFields)) prometheusOption {
	return func(p *monitoringv1.Prometheus) { change(&p.Spec.CommonPrometheusFields) }
}

func withSpec(change func(*monitoringv1.PrometheusSpec)) prometheusOption {
	return func(p *monitoringv1.Prometheus) { change(&p.Spec) }
}

func withShards(shards int32) prometheusOption {
	return withCommon(func(c *monitoringv1.CommonPrometheusFields) { c.Shards = &shards })
}

type serviceMonitorOption func(*monitoringv1.ServiceMonitor)

// newServiceMonitor returns default/<name> selecting app=example-app with
// one endpoint on port "web".
func newServiceMonitor(name string, options ...serviceMonitorOption) *monitoringv1.ServiceMonitor {
	sm := &monitoringv1.ServiceMonitor{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", Labels: map[string]string{"team": "frontend"}},
		Spec: monitoringv1.ServiceMonitorSpec{
			Selector:  metav1.LabelSelector{MatchLabels: map[string]string{"app": "example-app"}},
			Endpoints: []monitoringv1.Endpoint{{Port: "web"}},
		},
	}
	for _, option := range options {
		option(sm)
	}
	return sm
}

func smNamespace(namespace string) serviceMonitorOption {
	return func(sm *monitoringv1.ServiceMonitor) { sm.Namespace = namespace }
}

func smSpec(change func(*monitoringv1.ServiceMonitorSpec)) serviceMonitorOption {
	return func(sm *monitoringv1.ServiceMonitor) { change(&sm.Spec) }
}

// smEndpoint changes the first endpoint.
func smEndpoint(change func(*monitoringv1.Endpoint)) serviceMonitorOption {
	return func(sm *monitoringv1.ServiceMonitor) { change(&sm.Spec.Endpoints[0]) }
}

type podMonitorOption func(*monitoringv1.PodMonitor)

// newPodMonitor returns default/<name> selecting app=example-app with one
// endpoint on port "web".
func newPodMonitor(name string, options ...podMonitorOption) *monitoringv1.PodMonitor {
	pm := &monitoringv1.PodMonitor{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default", Labels: map[string]string{"team": "frontend"}},
		Spec: monitoringv1.PodMonitorSpec{
			Selector:            metav1.LabelSelector{MatchLabels: map[string]string{"app": "example-app"}},
			PodMetricsEndpoints: []monitoringv1.PodMetricsEndpoint{{Port: ptr("web")}},
		},
	}
	for _, option := range options {
		option(pm)
	}
	return pm
}

func pmSpec(change func(*monitoringv1.PodMonitorSpec)) podMonitorOption {
	return func(pm *monitoringv1.PodMonitor) { change(&pm.Spec) }
}

// pmEndpoint changes the first endpoint.
func pmEndpoint(change func(*monitoringv1.PodMetricsEndpoint)) podMonitorOption {
	return func(pm *monitoringv1.PodMonitor) { change(&pm.Spec.PodMetricsEndpoints[0]) }
}

type probeOption func(*monitoringv1.Probe)

// newProbe returns default/<name> probing two static targets through a
// blackbox exporter with the http_2xx module.
func newProbe(name string, options ...probeOption) *monitoringv1.Probe {
	probe := &monitoringv1.Probe{
		ObjectMeta: metav1.ObjectMeta{Name: name, Namespace: "default"},
		Spec: monitoringv1.ProbeSpec{
			ProberSpec: monitoringv1.ProberSpec{URL: "blackbox-exporter.monitoring.svc:9115", Path: "/probe"},
			Module:     "http_2xx",
			Targets: monitoringv1.ProbeTargets{StaticConfig: &monitoringv1.ProbeTargetStaticConfig{
				Targets: []string{"https://example.com", "https://prometheus.io"},
			}},
		},
	}
	for _, option := range options {
		option(probe)
	}
	return probe
}

func probeSpec(change func(*monitoringv1.ProbeSpec)) probeOption {
	return func(p *monitoringv1.Probe) { change(&p.Spec) }
}

// secretKey and configMapKey build key selectors.
func secretKey(name, key string) corev1.SecretKeySelector {
	return corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}
}

func configMapKey(name, key string) corev1.ConfigMapKeySelector {
	return corev1.ConfigMapKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: name}, Key: key}
}

func quantity(value string) *resource.Quantity {
	q := resource.MustParse(value)
	return &q
}

func portNumber(n int32) *intstr.IntOrString {
	port := intstr.FromInt32(n)
	return &port
}

func portName(name string) *intstr.IntOrString {
	port := intstr.FromString(name)
	return &port
}

// testPKI is a CA certificate and a client key pair, generated once.
type testPKI struct {
	caPEM, certPEM, keyPEM string
}

var (
	pkiOnce   sync.Once
	pkiShared testPKI
)

func sharedPKI() testPKI {
	pkiOnce.Do(func() {
		key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
		if err != nil {
			panic(err)
		}
		template := &x509.Certificate{
			SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "test"},
			NotBefore: time.Unix(0, 0), NotAfter: time.Unix(0, 0).Add(100 * 365 * 24 * time.Hour),
			IsCA: true, BasicConstraintsValid: true, KeyUsage: x509.KeyUsageCertSign | x509.KeyUsageDigitalSignature,
		}
		der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
		if err != nil {
			panic(err)
		}
		keyDER, err := x509.MarshalECPrivateKey(key)
		if err != nil {
			panic(err)
		}
		cert := string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
		pkiShared = testPKI{caPEM: cert, certPEM: cert, keyPEM: string(pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: keyDER}))}
	})
	return pkiShared
}

// testStore holds the Secrets and ConfigMaps the fixtures refer to, in
// the namespaces "default" and "team".
func testStore() assets.MapStore {
	pki := sharedPKI()
	secrets := map[string]map[string]string{}
	configMaps := map[string]map[string]string{}
	for _, ns := range []string{"default", "team"} {
		secrets[ns+"/auth"] = map[string]string{
			"user": "admin", "password": "s3cret", "token": "bearer-token-value",
			"client-id": "client", "client-secret": "client-secret-value",
			"access-key": "AKIAEXAMPLE", "secret-key": "aws-secret",
		}
		secrets[ns+"/tls"] = map[string]string{"ca": pki.caPEM, "cert": pki.certPEM, "key": pki.keyPEM}
		configMaps[ns+"/tls-ca"] = map[string]string{"ca.crt": pki.caPEM}
		configMaps[ns+"/oauth"] = map[string]string{"client-id": "client-from-configmap"}
		secrets[ns+"/broken-tls"] = map[string]string{"ca": "not a certificate"}
	}
	return assets.MapStore{Secrets: secrets, ConfigMaps: configMaps}
}

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
	"fmt"
	"math/big"
	"sync"
	"time"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/resource"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/util/intstr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
)

func ptr[T any](value T) *T { return &value }

// walkthrough makes a fixture the object of the blog walkthrough: the
// Prometheus default/example (or the agent) scrapes every 30s and the
// server selects team=frontend; the monitors carry team=frontend and select
// the example-app; the Probe probes two sites through a blackbox exporter.
// It comes first in a fixture's options, so that the others change it.
var walkthrough fixtures.Option = func(obj metav1.Object) {
	frontend := map[string]string{"team": "frontend"}
	exampleApp := metav1.LabelSelector{MatchLabels: map[string]string{"app": "example-app"}}
	switch typed := obj.(type) {
	case *monitoringv1.Prometheus:
		typed.Spec.ScrapeInterval = "30s"
		typed.Spec.EvaluationInterval = "30s"
		typed.Spec.ServiceMonitorSelector = &metav1.LabelSelector{MatchLabels: frontend}
		typed.Spec.PodMonitorSelector = &metav1.LabelSelector{MatchLabels: frontend}
		typed.Spec.ProbeSelector = &metav1.LabelSelector{MatchLabels: frontend}
	case *monitoringv1alpha1.PrometheusAgent:
		typed.Spec.ScrapeInterval = "30s"
		typed.Spec.RemoteWrite = []monitoringv1.RemoteWriteSpec{{URL: "http://receiver.monitoring:9090/api/v1/write"}}
	case *monitoringv1.ServiceMonitor:
		typed.Labels = frontend
		typed.Spec.Selector = exampleApp
	case *monitoringv1.PodMonitor:
		typed.Labels = frontend
		typed.Spec.Selector = exampleApp
	case *monitoringv1.Probe:
		typed.Spec.ProberSpec = monitoringv1.ProberSpec{URL: "blackbox-exporter.monitoring.svc:9115", Path: "/probe"}
		typed.Spec.Module = "http_2xx"
		typed.Spec.Targets = monitoringv1.ProbeTargets{StaticConfig: &monitoringv1.ProbeTargetStaticConfig{
			Targets: []string{"https://example.com", "https://prometheus.io"},
		}}
	case *monitoringv1alpha1.ScrapeConfig:
		typed.Labels = frontend
	default:
		panic(fmt.Sprintf("walkthrough: no walkthrough object of kind %T", obj))
	}
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

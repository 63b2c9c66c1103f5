// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

// Stand-ins for the kind-neutral helpers being moved out of pkg/prometheus
// into shared packages; each is replaced by its shared version once it lands.

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

const tlsAssetsVolumeName = "tls-assets"

func imageReference(image, base, tag string) (string, error) {
	if strings.TrimSpace(image) != "" {
		return image, nil
	}
	if base == "" || tag == "" {
		return "", errors.New("no image")
	}
	return base + ":" + tag, nil
}

func hostAliases(aliases []monitoringv1.HostAlias) []corev1.HostAlias {
	var converted []corev1.HostAlias
	for _, alias := range aliases {
		converted = append(converted, corev1.HostAlias{IP: alias.IP, Hostnames: alias.Hostnames})
	}
	return converted
}

func applyDNS(pod *corev1.PodSpec, policy *monitoringv1.DNSPolicy, config *monitoringv1.PodDNSConfig) {
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

func podManagementPolicy(policy *monitoringv1.PodManagementPolicyType) appsv1.PodManagementPolicyType {
	return appsv1.PodManagementPolicyType(ptr.Deref(policy, monitoringv1.ParallelPodManagement))
}

func updateStrategy(strategy *monitoringv1.StatefulSetUpdateStrategy) appsv1.StatefulSetUpdateStrategy {
	if strategy == nil {
		return appsv1.StatefulSetUpdateStrategy{Type: appsv1.RollingUpdateStatefulSetStrategyType}
	}
	converted := appsv1.StatefulSetUpdateStrategy{Type: appsv1.StatefulSetUpdateStrategyType(strategy.Type)}
	if strategy.RollingUpdate != nil {
		converted.RollingUpdate = &appsv1.RollingUpdateStatefulSetStrategy{MaxUnavailable: strategy.RollingUpdate.MaxUnavailable}
	}
	return converted
}

func restrictedSecurityContext() *corev1.SecurityContext {
	return &corev1.SecurityContext{
		AllowPrivilegeEscalation: ptr.To(false), ReadOnlyRootFilesystem: ptr.To(true),
		Capabilities: &corev1.Capabilities{Drop: []corev1.Capability{"ALL"}},
	}
}

func dataVolume(tr *monitoringv1.ThanosRuler) (*corev1.Volume, *corev1.PersistentVolumeClaim) {
	storage := tr.Spec.Storage
	name := dataVolumeName(tr)
	switch {
	case storage == nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: &corev1.EmptyDirVolumeSource{}}}, nil
	case storage.EmptyDir != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{EmptyDir: storage.EmptyDir}}, nil
	case storage.Ephemeral != nil:
		return &corev1.Volume{Name: name, VolumeSource: corev1.VolumeSource{Ephemeral: storage.Ephemeral}}, nil
	}
	embedded := storage.VolumeClaimTemplate
	claim := &corev1.PersistentVolumeClaim{
		ObjectMeta: metav1.ObjectMeta{Name: valueOr(embedded.Name, name), Labels: embedded.Labels, Annotations: embedded.Annotations},
		Spec:       embedded.Spec,
	}
	if claim.Spec.AccessModes == nil {
		claim.Spec.AccessModes = []corev1.PersistentVolumeAccessMode{corev1.ReadWriteOnce}
	}
	return nil, claim
}

func tlsAssetsVolume(secretNames []string) corev1.Volume {
	sources := make([]corev1.VolumeProjection, 0, len(secretNames))
	for _, name := range secretNames {
		sources = append(sources, corev1.VolumeProjection{Secret: &corev1.SecretProjection{LocalObjectReference: corev1.LocalObjectReference{Name: name}}})
	}
	return corev1.Volume{Name: tlsAssetsVolumeName, VolumeSource: corev1.VolumeSource{Projected: &corev1.ProjectedVolumeSource{Sources: sources}}}
}

func webConfigVolumes(tr *monitoringv1.ThanosRuler) ([]corev1.Volume, []corev1.VolumeMount, error) {
	return []corev1.Volume{{Name: "web-config", VolumeSource: corev1.VolumeSource{Secret: &corev1.SecretVolumeSource{SecretName: WebConfigSecretName(tr)}}}},
		[]corev1.VolumeMount{{Name: "web-config", ReadOnly: true, MountPath: webConfigFilePath, SubPath: "web-config.yaml"}}, nil
}

func reloaderContainer(tr *monitoringv1.ThanosRuler, target version.Target, config *operator.Config, webConfigFile string, webMounts []corev1.VolumeMount, ruleConfigMaps []string) (corev1.Container, error) {
	scheme := "http"
	if tr.Spec.Web != nil && tr.Spec.Web.TLSConfig != nil && target.Supports(webConfigMinimumVersion) {
		scheme = "https"
	}
	reload := url.URL{Scheme: scheme, Host: fmt.Sprintf("%s:%d", config.LocalHost, httpPort), Path: path.Clean(tr.Spec.RoutePrefix + "/-/reload")}
	args := []string{"--listen-address=:8080"}
	if webConfigFile != "" {
		args = append(args, "--web-config-file="+webConfigFile)
	}
	args = append(args, "--reload-url="+reload.String())
	var mounts []corev1.VolumeMount
	for _, name := range ruleConfigMaps {
		args = append(args, "--watched-dir="+path.Join(rulesDir, name))
		mounts = append(mounts, corev1.VolumeMount{Name: name, MountPath: path.Join(rulesDir, name)})
	}
	return corev1.Container{
		Name: ReloaderContainerName, Image: config.Reloader.Image, Command: []string{"/bin/prometheus-config-reloader"},
		Args: args, VolumeMounts: append(mounts, webMounts...),
		Env:                      []corev1.EnvVar{{Name: "POD_NAME", ValueFrom: &corev1.EnvVarSource{FieldRef: &corev1.ObjectFieldSelector{FieldPath: "metadata.name"}}}, {Name: "SHARD", Value: "-1"}},
		Ports:                    []corev1.ContainerPort{{Name: "reloader-web", ContainerPort: 8080, Protocol: corev1.ProtocolTCP}},
		TerminationMessagePolicy: corev1.TerminationMessageFallbackToLogsOnError,
		SecurityContext:          restrictedSecurityContext(),
	}, nil
}

func renderArgs(managed argumentList, additional []monitoringv1.Argument) ([]string, error) {
	names := map[string]bool{}
	for _, arg := range managed {
		names[arg.Name] = true
	}
	var rendered []string
	for _, arg := range append(append(argumentList{}, managed...), additional...) {
		rendered = append(rendered, "--"+arg.Name+"="+arg.Value)
	}
	for _, arg := range additional {
		if names[arg.Name] {
			return nil, fmt.Errorf("can't set arguments which are already managed by the operator: %s", arg.Name)
		}
	}
	return rendered, nil
}

func addGRPCServerTLSArgs(args *argumentList, tls *monitoringv1.GRPCServerTLSConfig, target version.Target) {
	if tls == nil {
		return
	}
	args.addIf(tls.CertFile != "", "grpc-server-tls-cert", tls.CertFile)
	args.addIf(tls.KeyFile != "", "grpc-server-tls-key", tls.KeyFile)
	args.addIf(tls.CAFile != "", "grpc-server-tls-client-ca", tls.CAFile)
	if tls.MinVersion != nil && target.Supports("0.37.0") {
		args.add("grpc-server-tls-min-version", "1."+strings.TrimPrefix(string(*tls.MinVersion), "TLS1"))
	}
	args.addIf(len(tls.CipherSuites) > 0 && target.Supports("0.42.0"), "grpc-server-tls-ciphers", strings.Join(tls.CipherSuites, ","))
	args.addIf(len(tls.Curves) > 0 && target.Supports("0.42.0"), "grpc-server-tls-curves", strings.Join(tls.Curves, ","))
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

// Stand-ins for the kind-neutral helpers being moved out of pkg/prometheus
// into shared packages; each is replaced by its shared version once it lands.

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"path"
	"strings"

	appsv1 "k8s.io/api/apps/v1"
	corev1 "k8s.io/api/core/v1"
	"k8s.io/apimachinery/pkg/api/equality"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/labels"
	corev1client "k8s.io/client-go/kubernetes/typed/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/kube"
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

// checkCustomGoverningService verifies that the user's Service exists and
// selects the pods.
func checkCustomGoverningService(ctx context.Context, client corev1client.ServiceInterface, name string, podLabels map[string]string) error {
	service, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return fmt.Errorf("governing Service %s (spec.serviceName) not found", name)
	}
	if err != nil {
		return fmt.Errorf("read governing Service %s: %w", name, err)
	}
	if len(service.Spec.Selector) == 0 || !labels.SelectorFromSet(service.Spec.Selector).Matches(labels.Set(podLabels)) {
		return invalid(fmt.Errorf("governing Service %s does not select the pods (%s)", name, labels.Set(podLabels)))
	}
	return nil
}

// syncWebConfigSecret writes the web configuration file.
func (c *Controller) syncWebConfigSecret(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	secret := &corev1.Secret{
		ObjectMeta: c.generatedMeta(tr, WebConfigSecretName(tr), nil, true),
		Data:       map[string][]byte{"web-config.yaml": []byte("{}\n")},
	}
	if _, err := kube.CreateOrUpdate(ctx, c.KubeClient.CoreV1().Secrets(tr.Namespace), secret, kube.MergeSecret); err != nil {
		return fmt.Errorf("web-config Secret: %w", err)
	}
	return nil
}

// syncBindings writes the ThanosRuler's binding on every PrometheusRule it
// selected and removes it from the others.
func (c *Controller) syncBindings(ctx context.Context, tr *monitoringv1.ThanosRuler, selection *ruleSelection) error {
	now := metav1.NewTime(c.Clock.Now())
	wanted := map[string]monitoringv1.WorkloadBinding{}
	for _, rule := range selection.selected {
		condition := monitoringv1.ConfigResourceCondition{
			Type: monitoringv1.ConditionAccepted, Status: monitoringv1.ConditionTrue, Reason: "Accepted",
			LastTransitionTime: now, ObservedGeneration: rule.Generation,
		}
		if reason := selection.rejection(rule); reason != nil {
			condition.Status, condition.Reason, condition.Message = monitoringv1.ConditionFalse, reasonInvalidConfiguration, reason.Error()
		}
		wanted[rule.Namespace+"/"+rule.Name] = monitoringv1.WorkloadBinding{
			Group: monitoringv1.GroupName, Resource: monitoringv1.ThanosRulerName, Namespace: tr.Namespace, Name: tr.Name,
			Conditions: []monitoringv1.ConfigResourceCondition{condition},
		}
	}
	return c.writeBindings(ctx, tr, wanted)
}

// removeBindings drops the ThanosRuler's binding from every PrometheusRule.
func (c *Controller) removeBindings(ctx context.Context, tr *monitoringv1.ThanosRuler) error {
	return c.writeBindings(ctx, tr, nil)
}

func (c *Controller) writeBindings(ctx context.Context, tr *monitoringv1.ThanosRuler, wanted map[string]monitoringv1.WorkloadBinding) error {
	for _, rule := range kube.ListAs[*monitoringv1.PrometheusRule](c.informers.PrometheusRules, metav1.NamespaceAll, labels.Everything()) {
		binding, bound := wanted[rule.Namespace+"/"+rule.Name]
		var kept []monitoringv1.WorkloadBinding
		found := false
		for _, existing := range rule.Status.Bindings {
			if existing.Group == monitoringv1.GroupName && existing.Resource == monitoringv1.ThanosRulerName && existing.Namespace == tr.Namespace && existing.Name == tr.Name {
				found = true
				if bound && len(existing.Conditions) == 1 && existing.Conditions[0].Status == binding.Conditions[0].Status &&
					existing.Conditions[0].Message == binding.Conditions[0].Message && existing.Conditions[0].ObservedGeneration == binding.Conditions[0].ObservedGeneration {
					binding = existing
				}
				continue
			}
			kept = append(kept, existing)
		}
		if !found && !bound {
			continue
		}
		if bound {
			kept = append(kept, binding)
		}
		updated := rule.DeepCopy()
		updated.Status.Bindings = kept
		if equality.Semantic.DeepEqual(updated.Status, rule.Status) {
			continue
		}
		if _, err := c.MonitoringClient.MonitoringV1().PrometheusRules(rule.Namespace).UpdateStatus(ctx, updated, metav1.UpdateOptions{}); err != nil && !apierrors.IsNotFound(err) {
			return fmt.Errorf("bindings of PrometheusRule %s/%s: %w", rule.Namespace, rule.Name, err)
		}
	}
	return nil
}

// syncTLSAssets writes the TLS files of the remote-write configuration.
func (c *Controller) syncTLSAssets(ctx context.Context, tr *monitoringv1.ThanosRuler, tlsAssets assets.TLSAssets) ([]string, error) {
	data := map[string][]byte{}
	for _, asset := range tlsAssets.Sorted() {
		data[asset.Key] = []byte(asset.Data)
	}
	name := TLSAssetsSecretName(tr) + "-0"
	secret := &corev1.Secret{ObjectMeta: c.generatedMeta(tr, name, nil, true), Data: data}
	if _, err := kube.CreateOrUpdate(ctx, c.KubeClient.CoreV1().Secrets(tr.Namespace), secret, kube.MergeSecret); err != nil {
		return nil, fmt.Errorf("tls-assets Secret: %w", err)
	}
	return []string{name}, nil
}

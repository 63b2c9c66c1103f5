// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package thanosruler

import (
	"fmt"
	"maps"
	"path"
	"slices"
	"strconv"
	"strings"

	corev1 "k8s.io/api/core/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
)

// ErrNoQuery is why a ThanosRuler without a query endpoint is refused: its
// rules would have nothing to evaluate against.
var ErrNoQuery = fmt.Errorf("thanos ruler requires query config or at least one query endpoint to be specified")

// checkSpec refuses a ThanosRuler that cannot work, with upstream's message.
func checkSpec(tr *monitoringv1.ThanosRuler) error {
	if tr.Spec.QueryConfig == nil && len(tr.Spec.QueryEndpoints) == 0 {
		return fmt.Errorf("%s: %w", tr.Name, ErrNoQuery)
	}
	return nil
}

// argumentList collects the flags of the Thanos container, in order.
type argumentList []monitoringv1.Argument

func (list *argumentList) add(name, value string) {
	*list = append(*list, monitoringv1.Argument{Name: name, Value: value})
}

// addIf adds the flag when allowed (a version gate's Check or a condition).
func (list *argumentList) addIf(allowed bool, name, value string) {
	if allowed {
		list.add(name, value)
	}
}

// secretFiles mounts the Secret keys the flags point at, one volume per
// purpose under configDir.
type secretFiles struct {
	volumes []corev1.Volume
	mounts  []corev1.VolumeMount
}

// mount adds the key of the Secret as a file and returns its path.
func (files *secretFiles) mount(volumeName string, selector corev1.SecretKeySelector) string {
	dir := path.Join(configDir, volumeName)
	files.volumes = append(files.volumes, corev1.Volume{Name: volumeName, VolumeSource: corev1.VolumeSource{
		Secret: &corev1.SecretVolumeSource{
			SecretName: selector.Name,
			Items:      []corev1.KeyToPath{{Key: selector.Key, Path: selector.Key}},
		},
	}})
	files.mounts = append(files.mounts, corev1.VolumeMount{Name: volumeName, MountPath: dir, ReadOnly: true})
	return path.Join(dir, selector.Key)
}

// rulerArgs returns the flags of `thanos rule` in upstream's order (before
// additionalArgs) and the Secret files they need.
func rulerArgs(tr *monitoringv1.ThanosRuler, target version.Target) (argumentList, *secretFiles) {
	spec := &tr.Spec
	args := argumentList{}
	args.add("data-dir", storageDir)
	args.add("eval-interval", valueOr(string(spec.EvaluationInterval), defaultEvaluationInterval))
	args.add("tsdb.retention", valueOr(string(spec.Retention), defaultRetention))
	addEvaluationArgs(&args, spec, target)

	args.add("label", fmt.Sprintf(`%s="$(POD_NAME)"`, ReplicaLabel))
	for _, key := range slices.Sorted(maps.Keys(spec.Labels)) {
		args.add("label", fmt.Sprintf(`%s="%s"`, key, spec.Labels[key]))
	}
	args.add("alert.label-drop", ReplicaLabel)
	for _, label := range spec.AlertDropLabels {
		args.add("alert.label-drop", label)
	}
	args.addIf(spec.ListenLocal, "http-address", fmt.Sprintf("localhost:%d", httpPort))
	args.addIf(spec.LogLevel != "" && spec.LogLevel != "info", "log.level", spec.LogLevel)
	args.addIf(spec.LogFormat != "", "log.format", spec.LogFormat)
	args.add("rule-file", path.Join(rulesDir, "*", "*.yaml"))

	files := &secretFiles{}
	remoteWriteFile := files.mount("remote-write-config", corev1.SecretKeySelector{
		LocalObjectReference: corev1.LocalObjectReference{Name: ConfigSecretName(tr)}, Key: RemoteWriteFileName,
	})
	if len(spec.RemoteWrite) > 0 {
		args.addIf(target.AtLeast(remoteWriteMinimumVersion).Check("remoteWrite"), "remote-write.config-file", remoteWriteFile)
	}
	addEndpointArgs(&args, files, spec)
	args = append(args, podspec.ThanosGRPCServerTLSArgs(spec.GRPCServerTLSConfig, target.Semver())...)
	args.addIf(spec.ExternalPrefix != "", "web.external-prefix", spec.ExternalPrefix)
	args.addIf(spec.RoutePrefix != "", "web.route-prefix", spec.RoutePrefix)
	args.addIf(spec.AlertQueryURL != "", "alert.query-url", spec.AlertQueryURL)
	return args, files
}

// addEvaluationArgs adds the rule evaluation tuning flags, each from the
// Thanos version that knows it, and the feature flags.
func addEvaluationArgs(args *argumentList, spec *monitoringv1.ThanosRulerSpec, target version.Target) {
	if offset := ptr.Deref(spec.RuleQueryOffset, ""); offset != "" {
		args.addIf(target.AtLeast("0.38.0").Check("ruleQueryOffset"), "rule-query-offset", string(offset))
	}
	if concurrency := ptr.Deref(spec.RuleConcurrentEval, 0); concurrency > 0 {
		args.addIf(target.AtLeast("0.37.0").Check("ruleConcurrentEval"), "rule-concurrent-evaluation", strconv.Itoa(int(concurrency)))
	}
	if tolerance := ptr.Deref(spec.RuleOutageTolerance, ""); tolerance != "" {
		args.addIf(target.AtLeast("0.30.0").Check("ruleOutageTolerance"), "for-outage-tolerance", string(tolerance))
	}
	if grace := ptr.Deref(spec.RuleGracePeriod, ""); grace != "" {
		args.addIf(target.AtLeast("0.30.0").Check("ruleGracePeriod"), "for-grace-period", string(grace))
	}
	if delay := ptr.Deref(spec.ResendDelay, ""); delay != "" {
		args.add("resend-delay", string(delay))
	}
	if len(spec.EnableFeatures) > 0 && target.AtLeast("0.39.0").Check("enableFeatures") {
		features := make([]string, 0, len(spec.EnableFeatures))
		for _, feature := range spec.EnableFeatures {
			features = append(features, string(feature))
		}
		args.add("enable-feature", strings.Join(features, ","))
	}
}

// addEndpointArgs adds where the ruler queries, where it sends alerts and
// where it reads its object storage, tracing and alert relabelling
// configuration. A file path given in the spec wins over a Secret key.
func addEndpointArgs(args *argumentList, files *secretFiles, spec *monitoringv1.ThanosRulerSpec) {
	if spec.QueryConfig != nil {
		args.add("query.config-file", files.mount("query-config", *spec.QueryConfig))
	} else {
		for _, endpoint := range spec.QueryEndpoints {
			args.add("query", endpoint)
		}
	}
	if spec.AlertManagersConfig != nil {
		args.add("alertmanagers.config-file", files.mount("alertmanager-config", *spec.AlertManagersConfig))
	} else {
		for _, url := range spec.AlertManagersURL {
			args.add("alertmanagers.url", url)
		}
	}
	switch {
	case spec.ObjectStorageConfigFile != nil:
		args.add("objstore.config-file", *spec.ObjectStorageConfigFile)
	case spec.ObjectStorageConfig != nil:
		args.add("objstore.config-file", files.mount("objstorage-config", *spec.ObjectStorageConfig))
	}
	switch {
	case spec.TracingConfigFile != "":
		args.add("tracing.config-file", spec.TracingConfigFile)
	case spec.TracingConfig != nil:
		args.add("tracing.config-file", files.mount("tracing-config", *spec.TracingConfig))
	}
	switch {
	case spec.AlertRelabelConfigFile != nil:
		args.add("alert.relabel-config-file", *spec.AlertRelabelConfigFile)
	case spec.AlertRelabelConfigs != nil:
		args.add("alert.relabel-config-file", files.mount("alertrelabel-config", *spec.AlertRelabelConfigs))
	}
}

// valueOr returns value, or fallback when value is empty.
func valueOr(value, fallback string) string {
	if value == "" {
		return fallback
	}
	return value
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"slices"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/utils/ptr"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/podspec"
)

// podTemplate builds the pod template shared by StatefulSets and DaemonSets,
// without the data volume and the user's volumes, which the callers append,
// and returns the pod selector with it.
func (w *workload) podTemplate(opts Options) (corev1.PodTemplateSpec, *metav1.LabelSelector, error) {
	config := opts.Config
	volumes := &podVolumes{}
	if err := w.commonVolumes(volumes, opts.TLSAssetSecretNames, opts.ConfigSiblingSecretNames); err != nil {
		return corev1.PodTemplateSpec{}, nil, err
	}

	args := w.commonArgs()
	ruleConfigMaps := mountedRuleConfigMaps(w, opts)
	if w.isServer() {
		w.serverArgs(args)
		w.serverVolumes(volumes, ruleConfigMaps, config.Reloader.WatchAPI)
	} else {
		w.agentArgs(args)
	}
	reloaderWebConfigFile, err := w.addWebConfig(args, volumes)
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, err
	}
	sidecar, err := w.addThanos(opts, args, volumes)
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, err
	}
	watchedDirs := ruleWatchedDirs(volumes, ruleConfigMaps)

	var shard *int32
	if !w.daemonSet {
		shard = &opts.Shard
	}
	selector := w.podSelector(config, shard)
	containers, initContainers, err := w.podContainers(opts, containerInputs{
		args: args, volumes: volumes, watchedDirs: watchedDirs, reloaderWebConfigFile: reloaderWebConfigFile, thanosSidecar: sidecar,
	})
	if err != nil {
		return corev1.PodTemplateSpec{}, nil, err
	}

	zone, _ := w.zoneOf(opts)
	common := w.common
	pod := corev1.PodSpec{
		ShareProcessNamespace:         ptr.To(!w.httpReload()),
		Containers:                    containers,
		InitContainers:                initContainers,
		SecurityContext:               common.SecurityContext,
		ServiceAccountName:            common.ServiceAccountName,
		AutomountServiceAccountToken:  ptr.To(ptr.Deref(common.AutomountServiceAccountToken, true)),
		NodeSelector:                  w.nodeSelector(zone),
		SchedulerName:                 common.SchedulerName,
		PriorityClassName:             common.PriorityClassName,
		TerminationGracePeriodSeconds: ptr.To(ptr.Deref(common.TerminationGracePeriodSeconds, DefaultTerminationGracePeriodSeconds)),
		Volumes:                       volumes.volumes,
		Tolerations:                   common.Tolerations,
		Affinity:                      common.Affinity,
		TopologySpreadConstraints:     topologySpreadConstraints(selector.MatchLabels, common.TopologySpreadConstraints),
		HostAliases:                   podspec.HostAliases(common.HostAliases),
		HostNetwork:                   common.HostNetwork,
		EnableServiceLinks:            common.EnableServiceLinks,
		HostUsers:                     common.HostUsers,
	}
	if len(common.ImagePullSecrets) > 0 {
		pod.ImagePullSecrets = common.ImagePullSecrets
	}
	podspec.ApplyDNS(&pod, common.HostNetwork, common.DNSPolicy, common.DNSConfig)
	return corev1.PodTemplateSpec{ObjectMeta: w.podMetadata(config, selector), Spec: pod}, selector, nil
}

// zoneOf returns the topology zone of the shard being built; DaemonSets
// have none.
func (w *workload) zoneOf(opts Options) (string, int32) {
	if w.daemonSet {
		return "", 0
	}
	return w.shardZone(opts.Config, opts.Shard)
}

// containerInputs are what the generated containers are built from besides
// the workload and its options.
type containerInputs struct {
	// args are Prometheus's arguments.
	args    *argumentList
	volumes *podVolumes
	// watchedDirs are the rule directories the reloader watches.
	watchedDirs []string
	// reloaderWebConfigFile is the web configuration the reloader uses to
	// reach Prometheus; empty for none.
	reloaderWebConfigFile string
	// thanosSidecar is nil without a Thanos sidecar.
	thanosSidecar *corev1.Container
}

// podContainers builds the generated containers and init container and lays
// the user's containers over them.
func (w *workload) podContainers(opts Options, in containerInputs) (containers, initContainers []corev1.Container, err error) {
	volumes := in.volumes
	zone, inZoneShard := w.zoneOf(opts)
	setup := reloaderSetup{
		init:        true,
		mounts:      slices.Clone(volumes.reloader),
		watchedDirs: in.watchedDirs,
		zone:        zone,
		inZoneShard: inZoneShard,
		nodeName:    w.daemonSet,
	}
	if opts.Config.Reloader.WatchAPI {
		w.watchThroughAPI(&setup, mountedRuleConfigMaps(w, opts))
	}
	if !w.daemonSet {
		setup.shard = opts.Shard
	}
	initReloader, err := w.reloaderContainer(opts.Config, setup)
	if err != nil {
		return nil, nil, err
	}
	setup.init, setup.webConfigFile, setup.mounts = false, in.reloaderWebConfigFile, slices.Clone(volumes.reloader)
	reloader, err := w.reloaderContainer(opts.Config, setup)
	if err != nil {
		return nil, nil, err
	}

	rendered, err := podspec.RenderArgs(in.args.items, w.common.AdditionalArgs)
	if err != nil {
		return nil, nil, fmt.Errorf("prometheus arguments: %w", err)
	}
	prometheus, err := w.prometheusContainer(opts.Config, rendered, volumes.prometheus)
	if err != nil {
		return nil, nil, err
	}
	generated := []corev1.Container{prometheus, reloader}
	if in.thanosSidecar != nil {
		generated = append(generated, *in.thanosSidecar)
	}

	if containers, err = podspec.MergeContainers(generated, w.common.Containers); err != nil {
		return nil, nil, fmt.Errorf("merge spec.containers: %w", err)
	}
	if initContainers, err = podspec.MergeContainers([]corev1.Container{initReloader}, w.common.InitContainers); err != nil {
		return nil, nil, fmt.Errorf("merge spec.initContainers: %w", err)
	}
	return containers, initContainers, nil
}

// addWebConfig mounts the web configuration file (Prometheus 2.24 onwards)
// even when spec.web is unset, so that switching TLS on later does not
// change the pod template. The reloader only gets it when spec.web is set
// (always in DaemonSet mode), and returns the file it must use then.
func (w *workload) addWebConfig(args *argumentList, volumes *podVolumes) (string, error) {
	if gate := w.version.AtLeast("2.24.0"); !w.daemonSet && !gate.Allowed() {
		if w.common.Web != nil {
			gate.Check("web.config.file")
		}
		return "", nil
	}
	layout := WebConfigLayout(w.object)
	var tls *monitoringv1.WebTLSConfig
	if w.webTLS() {
		tls = w.common.Web.TLSConfig
	}
	webVolumes, webMounts, err := layout.Volumes(tls)
	if err != nil {
		return "", err
	}
	args.add("web.config.file", layout.FilePath())
	volumes.addVolume(webVolumes...)
	volumes.mountInPrometheus(webMounts...)
	if w.common.Web == nil && !w.daemonSet {
		return "", nil
	}
	volumes.mountInReloader(webMounts...)
	return layout.FilePath(), nil
}

// addThanos adds the Thanos sidecar's volumes and the compaction flags of a
// server, and returns the sidecar (nil without spec.thanos or for agents).
func (w *workload) addThanos(opts Options, args *argumentList, volumes *podVolumes) (*corev1.Container, error) {
	if !w.isServer() {
		return nil, nil
	}
	mode, err := w.compactionMode()
	if err != nil {
		return nil, err
	}
	sidecar, sidecarVolumes, err := w.thanosSidecar(opts.Config, mode)
	if err != nil {
		return nil, err
	}
	volumes.addVolume(sidecarVolumes...)
	w.compactionArgs(args, mode)
	return sidecar, nil
}

// mountedRuleConfigMaps returns the rule ConfigMaps mounted into the pod:
// none for agents.
func mountedRuleConfigMaps(w *workload, opts Options) []string {
	if !w.isServer() {
		return nil
	}
	return opts.RuleConfigMapNames
}

// watchThroughAPI makes the reloader read the configuration Secret and the
// rule ConfigMaps from the API: changes apply within seconds instead of at
// the kubelet's next volume sync. The rule folders it fills replace the
// watched ConfigMap volumes.
func (w *workload) watchThroughAPI(setup *reloaderSetup, ruleConfigMapNames []string) {
	namespace := w.object.GetNamespace()
	setup.watchSecret = namespace + "/" + ConfigSecretName(w.object)
	setup.watchedDirs = nil
	for _, name := range ruleConfigMapNames {
		setup.watchConfigMaps = append(setup.watchConfigMaps, namespace+"/"+name)
	}
}

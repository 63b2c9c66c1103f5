{{/*
The operator's flags, one per value that is set. Every flag of `operator --help` is either
reachable here or listed as deliberately not exposed in charts/flags_test.go.
*/}}
{{- define "prometheus-operator.args" -}}
{{- $values := .Values }}
{{- $args := list }}
{{- /* Scope. */}}
{{- with $values.namespaces.allow }}{{ $args = append $args (printf "--namespaces=%s" (join "," .)) }}{{ end }}
{{- with $values.namespaces.deny }}{{ $args = append $args (printf "--deny-namespaces=%s" (join "," .)) }}{{ end }}
{{- with $values.namespaces.prometheusInstances }}{{ $args = append $args (printf "--prometheus-instance-namespaces=%s" (join "," .)) }}{{ end }}
{{- with $values.namespaces.alertmanagerInstances }}{{ $args = append $args (printf "--alertmanager-instance-namespaces=%s" (join "," .)) }}{{ end }}
{{- with $values.namespaces.alertmanagerConfigs }}{{ $args = append $args (printf "--alertmanager-config-namespaces=%s" (join "," .)) }}{{ end }}
{{- with $values.namespaces.thanosRulerInstances }}{{ $args = append $args (printf "--thanos-ruler-instance-namespaces=%s" (join "," .)) }}{{ end }}
{{- if $values.namespaces.watchReferencedObjectsInAllNamespaces }}{{ $args = append $args "--watch-referenced-objects-in-all-namespaces=true" }}{{ end }}
{{- with $values.instanceSelectors.prometheus }}{{ $args = append $args (printf "--prometheus-instance-selector=%s" .) }}{{ end }}
{{- with $values.instanceSelectors.alertmanager }}{{ $args = append $args (printf "--alertmanager-instance-selector=%s" .) }}{{ end }}
{{- with $values.instanceSelectors.thanosRuler }}{{ $args = append $args (printf "--thanos-ruler-instance-selector=%s" .) }}{{ end }}
{{- with $values.controllerID }}{{ $args = append $args (printf "--controller-id=%s" .) }}{{ end }}
{{- with $values.secretSelector.field }}{{ $args = append $args (printf "--secret-field-selector=%s" .) }}{{ end }}
{{- with $values.secretSelector.label }}{{ $args = append $args (printf "--secret-label-selector=%s" .) }}{{ end }}
{{- with $values.configMapSelector.field }}{{ $args = append $args (printf "--configmap-field-selector=%s" .) }}{{ end }}
{{- with $values.configMapSelector.label }}{{ $args = append $args (printf "--configmap-label-selector=%s" .) }}{{ end }}
{{- with $values.repairPolicyForStatefulSets }}{{ $args = append $args (printf "--repair-policy-for-statefulsets=%s" .) }}{{ end }}
{{- /* The kubelet Service. */}}
{{- if $values.kubelet.enabled }}
{{- $args = append $args (printf "--kubelet-service=%s/%s" $values.kubelet.namespace $values.kubelet.name) }}
{{- with $values.kubelet.selector }}{{ $args = append $args (printf "--kubelet-selector=%s" .) }}{{ end }}
{{- with $values.kubelet.nodeAddressPriority }}{{ $args = append $args (printf "--kubelet-node-address-priority=%s" .) }}{{ end }}
{{- if $values.kubelet.endpointSlice }}{{ $args = append $args "--kubelet-endpointslice=true" }}{{ end }}
{{- if not $values.kubelet.endpoints }}{{ $args = append $args "--kubelet-endpoints=false" }}{{ end }}
{{- with $values.kubelet.syncPeriod }}{{ $args = append $args (printf "--kubelet-sync-period=%s" .) }}{{ end }}
{{- if not $values.kubelet.httpMetrics }}{{ $args = append $args "--kubelet-http-metrics=false" }}{{ end }}
{{- end }}
{{- /* Managed objects. */}}
{{- $reloader := $values.configReloader }}
{{- $args = append $args (printf "--prometheus-config-reloader=%s" (include "prometheus-operator.image" (dict "root" . "registry" $reloader.image.registry "repository" $reloader.image.repository "tag" $reloader.image.tag))) }}
{{- with $reloader.resources.requests.cpu }}{{ $args = append $args (printf "--config-reloader-cpu-request=%s" .) }}{{ end }}
{{- with $reloader.resources.requests.memory }}{{ $args = append $args (printf "--config-reloader-memory-request=%s" .) }}{{ end }}
{{- with $reloader.resources.limits.cpu }}{{ $args = append $args (printf "--config-reloader-cpu-limit=%s" .) }}{{ end }}
{{- with $reloader.resources.limits.memory }}{{ $args = append $args (printf "--config-reloader-memory-limit=%s" .) }}{{ end }}
{{- if $reloader.enableProbes }}{{ $args = append $args "--enable-config-reloader-probes=true" }}{{ end }}
{{- if $reloader.watchAPI }}{{ $args = append $args "--config-reloader-watch-api=true" }}{{ end }}
{{- $baseImages := dict "prometheus" "prometheus/prometheus" "alertmanager" "prometheus/alertmanager" "thanos" "thanos/thanos" }}
{{- range $kind := list "prometheus" "alertmanager" "thanos" }}
{{- $image := get $values.defaultBaseImages $kind }}
{{- if or $image.registry $image.repository $values.global.imageRegistry }}
{{- $registry := default (default "quay.io" $image.registry) $values.global.imageRegistry }}
{{- $args = append $args (printf "--%s-default-base-image=%s/%s" $kind $registry (default (get $baseImages $kind) $image.repository)) }}
{{- end }}
{{- end }}
{{- with $values.managedObjects.labels }}{{ $args = append $args (printf "--labels=%s" (include "prometheus-operator.pairs" .)) }}{{ end }}
{{- with $values.managedObjects.annotations }}{{ $args = append $args (printf "--annotations=%s" (include "prometheus-operator.pairs" .)) }}{{ end }}
{{- with $values.managedObjects.clusterDomain }}{{ $args = append $args (printf "--cluster-domain=%s" .) }}{{ end }}
{{- with $values.managedObjects.localhost }}{{ $args = append $args (printf "--localhost=%s" .) }}{{ end }}
{{- if $values.disableUnmanagedPrometheusConfiguration }}{{ $args = append $args "--disable-unmanaged-prometheus-configuration=true" }}{{ end }}
{{- with $values.featureGates }}{{ $args = append $args (printf "--feature-gates=%s" (include "prometheus-operator.pairs" .)) }}{{ end }}
{{- /* The process. */}}
{{- with $values.logLevel }}{{ $args = append $args (printf "--log-level=%s" .) }}{{ end }}
{{- with $values.logFormat }}{{ $args = append $args (printf "--log-format=%s" .) }}{{ end }}
{{- if ne (int $values.web.port) 8080 }}{{ $args = append $args (printf "--web.listen-address=:%d" (int $values.web.port)) }}{{ end }}
{{- if $values.web.enableHTTP2 }}{{ $args = append $args "--web.enable-http2=true" }}{{ end }}
{{- if $values.web.tls.enabled }}
{{- $dir := include "prometheus-operator.tlsDir" . }}
{{- $args = append $args "--web.enable-tls=true" }}
{{- $args = append $args (printf "--web.cert-file=%s/tls.crt" $dir) }}
{{- $args = append $args (printf "--web.key-file=%s/tls.key" $dir) }}
{{- $args = append $args (printf "--web.client-ca-file=%s/ca.crt" $dir) }}
{{- with $values.web.tls.minVersion }}{{ $args = append $args (printf "--web.tls-min-version=%s" .) }}{{ end }}
{{- with $values.web.tls.cipherSuites }}{{ $args = append $args (printf "--web.tls-cipher-suites=%s" (join "," .)) }}{{ end }}
{{- with $values.web.tls.curves }}{{ $args = append $args (printf "--web.tls-curves=%s" (join "," .)) }}{{ end }}
{{- with $values.web.tls.reloadInterval }}{{ $args = append $args (printf "--web.tls-reload-interval=%s" .) }}{{ end }}
{{- end }}
{{- if $values.leaderElection.enabled }}
{{- $args = append $args "--leader-elect=true" }}
{{- with $values.leaderElection.namespace }}{{ $args = append $args (printf "--leader-election-namespace=%s" .) }}{{ end }}
{{- with $values.leaderElection.id }}{{ $args = append $args (printf "--leader-election-id=%s" .) }}{{ end }}
{{- end }}
{{- with $values.kubeAPI.qps }}{{ $args = append $args (printf "--kube-api-qps=%v" .) }}{{ end }}
{{- with $values.kubeAPI.burst }}{{ $args = append $args (printf "--kube-api-burst=%v" .) }}{{ end }}
{{- with $values.workers }}{{ $args = append $args (printf "--workers=%v" .) }}{{ end }}
{{- with $values.resyncPeriod }}{{ $args = append $args (printf "--resync-period=%s" .) }}{{ end }}
{{- with $values.autoGomemlimitRatio }}{{ $args = append $args (printf "--auto-gomemlimit-ratio=%v" .) }}{{ end }}
{{- range $values.extraArgs }}{{ $args = append $args . }}{{ end }}
{{- toYaml $args }}
{{- end }}

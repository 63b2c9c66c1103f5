{{/* The chart's name, for the app.kubernetes.io/name label. */}}
{{- define "prometheus-operator.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{/* The objects' name: the release name when it already contains the chart name. */}}
{{- define "prometheus-operator.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{/* Labels selecting the operator pods. */}}
{{- define "prometheus-operator.selectorLabels" -}}
app.kubernetes.io/component: controller
app.kubernetes.io/name: {{ include "prometheus-operator.name" . }}
{{- end }}

{{/* Labels of every object. */}}
{{- define "prometheus-operator.labels" -}}
{{ include "prometheus-operator.selectorLabels" . }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
{{- with .Values.commonLabels }}
{{ toYaml . }}
{{- end }}
{{- end }}

{{/* The ServiceAccount name. */}}
{{- define "prometheus-operator.serviceAccountName" -}}
{{- if .Values.serviceAccount.create }}
{{- default (include "prometheus-operator.fullname" .) .Values.serviceAccount.name }}
{{- else }}
{{- default "default" .Values.serviceAccount.name }}
{{- end }}
{{- end }}

{{/* The default image tag: "v" and the appVersion. */}}
{{- define "prometheus-operator.defaultTag" -}}
{{- printf "v%s" .Chart.AppVersion }}
{{- end }}

{{/*
An image reference from a dict with root, registry, repository, tag and digest:
global.imageRegistry wins over the registry.
*/}}
{{- define "prometheus-operator.image" -}}
{{- $registry := default .registry .root.Values.global.imageRegistry }}
{{- $reference := .repository }}
{{- if $registry }}{{ $reference = printf "%s/%s" $registry .repository }}{{ end }}
{{- if .digest }}
{{- printf "%s@%s" $reference .digest }}
{{- else }}
{{- printf "%s:%s" $reference (default (include "prometheus-operator.defaultTag" .root) .tag) }}
{{- end }}
{{- end }}

{{/* "k1=v1,k2=v2" from a map, keys sorted. */}}
{{- define "prometheus-operator.pairs" -}}
{{- $pairs := list }}
{{- range $key, $value := . }}{{ $pairs = append $pairs (printf "%s=%v" $key $value) }}{{ end }}
{{- join "," $pairs }}
{{- end }}

{{/* Where the web TLS Secret is mounted. */}}
{{- define "prometheus-operator.tlsDir" -}}
/etc/prometheus-operator/web-tls
{{- end }}

{{/* The name of the container port: https with web TLS, else http. */}}
{{- define "prometheus-operator.portName" -}}
{{- if .Values.web.tls.enabled }}https{{ else }}http{{ end }}
{{- end }}

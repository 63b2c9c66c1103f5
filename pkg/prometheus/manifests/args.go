// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package manifests

import (
	"fmt"
	"path"
	"slices"
	"strconv"
	"strings"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
)

// argumentList collects the operator-managed flags of one container, in
// order. Flags the target version lacks are dropped with a warning.
type argumentList struct {
	items []monitoringv1.Argument
}

func (list *argumentList) add(name, value string) {
	list.items = append(list.items, monitoringv1.Argument{Name: name, Value: value})
}

// addIf adds the flag when allowed, which comes from a version gate's Check.
func (list *argumentList) addIf(allowed bool, name, value string) {
	if allowed {
		list.add(name, value)
	}
}

// commonArgs returns the flags shared by servers and agents.
func (w *workload) commonArgs() *argumentList {
	args := &argumentList{}
	common := w.common
	args.add("config.file", path.Join(ConfigOutDir, ConfigEnvsubstFileName))
	if w.version.Major() == 2 {
		args.add("web.console.templates", "/etc/prometheus/consoles")
		args.add("web.console.libraries", "/etc/prometheus/console_libraries")
	}
	if w.httpReload() {
		args.add("web.enable-lifecycle", "")
	}
	if web := common.Web; web != nil {
		if web.PageTitle != nil {
			args.addIf(w.version.AtLeast("2.6.0").Check("web.page-title"), "web.page-title", *web.PageTitle)
		}
		if web.MaxConnections != nil {
			args.add("web.max-connections", strconv.Itoa(int(*web.MaxConnections)))
		}
	}
	w.addReceiverArgs(args)
	w.addFeatureArgs(args)
	if common.ExternalURL != "" {
		args.add("web.external-url", common.ExternalURL)
	}
	args.add("web.route-prefix", w.routePrefix())
	if common.LogLevel != "" && common.LogLevel != "info" {
		args.add("log.level", common.LogLevel)
	}
	if common.LogFormat != "" && common.LogFormat != "logfmt" {
		args.addIf(w.version.AtLeast("2.6.0").Check("log.format"), "log.format", common.LogFormat)
	}
	if common.ListenLocal {
		args.add("web.listen-address", fmt.Sprintf("127.0.0.1:%d", PrometheusPort))
	}
	return args
}

// addReceiverArgs adds the remote-write and OTLP receiver flags.
func (w *workload) addReceiverArgs(args *argumentList) {
	common := w.common
	if common.EnableRemoteWriteReceiver {
		args.addIf(w.version.AtLeast("2.33.0").Check("web.enable-remote-write-receiver"), "web.enable-remote-write-receiver", "")
		if len(common.RemoteWriteReceiverMessageVersions) > 0 {
			messages := make([]string, 0, len(common.RemoteWriteReceiverMessageVersions))
			for _, messageVersion := range common.RemoteWriteReceiverMessageVersions {
				messages = append(messages, protobufMessage(messageVersion))
			}
			const flag = "web.remote-write-receiver.accepted-protobuf-messages"
			args.addIf(w.version.AtLeast("2.54.0").Check(flag), flag, strings.Join(messages, ","))
		}
	}

	// Remote write 2.0 senders needed metadata records in the WAL until
	// Prometheus 3.4 stopped requiring the flag.
	for _, remoteWrite := range common.RemoteWrite {
		if remoteWrite.MessageVersion == nil || *remoteWrite.MessageVersion != monitoringv1.RemoteWriteMessageVersion2_0 {
			continue
		}
		if w.version.Below("3.4.0").Allowed() {
			args.addIf(w.version.AtLeast("2.54.0").Check("enable-feature=metadata-wal-records"), "enable-feature", "metadata-wal-records")
		}
		break
	}

	otlpWanted := common.EnableOTLPReceiver != nil && *common.EnableOTLPReceiver ||
		common.EnableOTLPReceiver == nil && common.OTLP != nil
	if otlpWanted {
		if w.version.Major() >= 3 {
			args.add("web.enable-otlp-receiver", "")
		} else {
			args.addIf(w.version.AtLeast("2.47.0").Check("enable-feature=otlp-write-receiver"), "enable-feature", "otlp-write-receiver")
		}
	}
}

// addFeatureArgs adds the user's feature flags and the ones the TSDB
// settings imply.
func (w *workload) addFeatureArgs(args *argumentList) {
	common := w.common
	features := make([]string, 0, len(common.EnableFeatures))
	for _, feature := range common.EnableFeatures {
		features = append(features, string(feature))
	}
	if len(features) > 0 {
		args.addIf(w.version.AtLeast("2.25.0").Check("enable-feature"), "enable-feature", strings.Join(features, ","))
	}
	tsdb := common.TSDB
	if tsdb != nil && tsdb.ChunkEncoding != nil && tsdb.ChunkEncoding.Floats != nil &&
		*tsdb.ChunkEncoding.Floats == monitoringv1.FloatChunkEncodingXor2 && !slices.Contains(features, "xor2-encoding") {
		args.addIf(w.version.AtLeast("3.13.0").Check("enable-feature=xor2-encoding"), "enable-feature", "xor2-encoding")
	}
}

// protobufMessage names the protobuf message of a remote-write version, as
// the receiver flag expects it.
func protobufMessage(messageVersion monitoringv1.RemoteWriteMessageVersion) string {
	if messageVersion == monitoringv1.RemoteWriteMessageVersion2_0 {
		return "io.prometheus.write.v2.Request"
	}
	return "prometheus.WriteRequest"
}

// serverArgs adds the flags only a Prometheus server takes: retention,
// storage path, admin API, alerting and query tuning, WAL compression.
func (w *workload) serverArgs(args *argumentList) {
	spec := w.server
	w.addRetentionArgs(args)
	args.add("storage.tsdb.path", StorageDir)
	if spec.EnableAdminAPI {
		args.add("web.enable-admin-api", "")
	}
	alert := spec.Rules.Alert
	for _, flag := range []struct{ name, value string }{
		{"rules.alert.for-outage-tolerance", alert.ForOutageTolerance},
		{"rules.alert.for-grace-period", alert.ForGracePeriod},
		{"rules.alert.resend-delay", alert.ResendDelay},
	} {
		if flag.value != "" {
			args.addIf(w.version.AtLeast("2.4.0").Check(flag.name), flag.name, flag.value)
		}
	}
	if query := spec.Query; query != nil {
		if query.LookbackDelta != nil {
			args.add("query.lookback-delta", *query.LookbackDelta)
		}
		if query.MaxSamples != nil && *query.MaxSamples > 0 {
			args.addIf(w.version.AtLeast("2.5.0").Check("query.max-samples"), "query.max-samples", strconv.Itoa(int(*query.MaxSamples)))
		}
		if query.MaxConcurrency != nil && *query.MaxConcurrency > 0 {
			args.add("query.max-concurrency", strconv.Itoa(int(*query.MaxConcurrency)))
		}
		if query.Timeout != nil {
			args.add("query.timeout", string(*query.Timeout))
		}
	}
	if spec.AllowOverlappingBlocks { //nolint:staticcheck // Deprecated, still honoured for old versions.
		const flag = "storage.tsdb.allow-overlapping-blocks"
		args.addIf(w.version.AtLeast("2.11.0").Check(flag) && w.version.Below("2.39.0").Check(flag), flag, "")
	}
	if spec.WALCompression != nil {
		name := "no-storage.tsdb.wal-compression"
		if *spec.WALCompression {
			name = "storage.tsdb.wal-compression"
		}
		args.addIf(w.version.AtLeast("2.11.0").Check(name), name, "")
	}
}

// addRetentionArgs adds the retention flags, which Prometheus 3.11 moved to
// the configuration file.
func (w *workload) addRetentionArgs(args *argumentList) {
	spec := w.server
	if !w.version.Below("3.11.0").Allowed() {
		return
	}
	if w.version.Below("2.7.0").Allowed() {
		retention := string(spec.Retention)
		if retention == "" {
			retention = DefaultRetention
		}
		args.add("storage.tsdb.retention", retention)
	} else {
		retention := string(spec.Retention)
		if retention == "" && spec.RetentionSize == "" {
			retention = DefaultRetention
		}
		if retention != "" {
			args.add("storage.tsdb.retention.time", retention)
		}
	}
	if spec.RetentionSize != "" {
		args.addIf(w.version.AtLeast("2.7.0").Check("storage.tsdb.retention.size"), "storage.tsdb.retention.size", string(spec.RetentionSize))
	}
}

// agentArgs adds the flags that switch Prometheus into agent mode.
func (w *workload) agentArgs(args *argumentList) {
	if w.version.Major() == 2 {
		args.add("enable-feature", "agent")
	} else {
		args.add("agent", "")
	}
	args.add("storage.agent.path", StorageDir)
	if compression := w.common.WALCompression; compression != nil {
		name := "no-storage.agent.wal-compression"
		if *compression {
			name = "storage.agent.wal-compression"
		}
		args.add(name, "")
	}
}

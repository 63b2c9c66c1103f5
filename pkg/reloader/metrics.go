package reloader

import (
	"encoding/binary"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// metricsPrefix names the metrics this project adds on top of the ones that
// dashboards and alerts already know from the upstream reloader.
const metricsPrefix = "prometheus_config_reloader_"

// metrics holds the reloader's instruments. The reloader_* names are the ones
// the upstream sidecar exposes (kube-prometheus alerts on
// reloader_last_reload_successful), so existing dashboards keep working.
type metrics struct {
	reloads                    prometheus.Counter
	reloadFailures             prometheus.Counter
	lastReloadSuccessful       prometheus.Gauge
	lastReloadSuccessTimestamp prometheus.Gauge
	applyOperations            prometheus.Counter
	applyFailures              prometheus.Counter
	watches                    prometheus.Gauge
	watchEvents                prometheus.Counter
	watchErrors                prometheus.Counter
	configHash                 prometheus.Gauge
	unresolvedVariables        prometheus.Gauge
	apiEvents                  *prometheus.CounterVec
}

// newMetrics creates the instruments and registers them with registerer; a
// nil registerer leaves them unregistered (handy in tests).
func newMetrics(registerer prometheus.Registerer) *metrics {
	factory := promauto.With(registerer)
	counter := func(name, help string) prometheus.Counter {
		return factory.NewCounter(prometheus.CounterOpts{Name: name, Help: help})
	}
	gauge := func(name, help string) prometheus.Gauge {
		return factory.NewGauge(prometheus.GaugeOpts{Name: name, Help: help})
	}
	return &metrics{
		reloads:                    counter("reloader_reloads_total", "Reload requests sent to Prometheus."),
		reloadFailures:             counter("reloader_reloads_failed_total", "Reload requests that did not succeed."),
		lastReloadSuccessful:       gauge("reloader_last_reload_successful", "1 if the latest reload request succeeded, else 0."),
		lastReloadSuccessTimestamp: gauge("reloader_last_reload_success_timestamp_seconds", "Unix time of the latest successful reload."),
		applyOperations:            counter("reloader_config_apply_operations_total", "Times the reloader rendered its inputs and compared them with the applied state."),
		applyFailures:              counter("reloader_config_apply_operations_failed_total", "Apply operations that ended in an error (render, write or reload)."),
		watches:                    gauge("reloader_watches", "Directories watched through file-system notifications."),
		watchEvents:                counter("reloader_watch_events_total", "File-system notifications received."),
		watchErrors:                counter("reloader_watch_errors_total", "Errors reported by the file-system watcher."),
		configHash:                 gauge(metricsPrefix+"config_hash", "Leading 48 bits of the digest of the configuration and watched files last reloaded."),
		unresolvedVariables:        gauge(metricsPrefix+"unresolved_env_variables", "$(NAME) references left unexpanded in the latest rendered configuration."),
		apiEvents: factory.NewCounterVec(prometheus.CounterOpts{
			Name: metricsPrefix + "api_watch_events_total",
			Help: "Changes delivered by the Kubernetes API watches, by object kind.",
		}, []string{"kind"}),
	}
}

// hashGaugeValue turns a digest into a float that a gauge can carry exactly:
// its first 48 bits fit in a float64 mantissa.
func hashGaugeValue(digest []byte) float64 {
	if len(digest) < 6 {
		return 0
	}
	var buffer [8]byte
	copy(buffer[2:], digest[:6])
	return float64(binary.BigEndian.Uint64(buffer[:]))
}

// Package reloader keeps a running Prometheus in line with the configuration
// the operator generates. It is the library behind the
// prometheus-config-reloader sidecar (cmd/prometheus-config-reloader).
//
// # File mode (the default, flag-compatible with upstream)
//
// The operator stores the generated configuration gzipped in a Secret, under
// the key prometheus.yaml.gz, and mounts it read-only; rule ConfigMaps are
// mounted as directories. The reloader:
//
//   - reads the configuration file, gunzips it when it starts with the gzip
//     header, replaces every $(NAME) with the environment variable NAME
//     (unset ones are left as they are and logged), and writes the result
//     atomically (temporary file, then rename) where Prometheus reads it;
//   - watches the configuration's folder and every --watched-dir with
//     inotify, and checks everything again every --watch-interval, because
//     notifications can be missed. Kubernetes updates a volume by swapping its
//     `..data` symlink, so folders are watched and files are compared by the
//     digest of their content, never by event alone;
//   - waits until the folders have been quiet for --delay-interval, then, if
//     the digest of the rendered configuration and the watched files differs
//     from the one last reloaded, reloads Prometheus: a POST to --reload-url,
//     or a SIGHUP to the process named --process-executable-name followed by
//     reading --runtimeinfo-url until Prometheus reports the outcome;
//   - retries a failed apply after --retry-interval, doubling the pause up to
//     four times that, until it succeeds or something changes again.
//
// With --watch-interval=0 it only renders the configuration and exits: the
// init container that prepares the file before Prometheus starts.
//
// # API-watch mode (opt-in, beyond upstream)
//
// A mounted Secret or ConfigMap reaches the pod only when the kubelet next
// syncs it, typically one to two minutes after the change. In API-watch mode
// the reloader reads the objects through the Kubernetes API instead and
// applies a change as soon as the watch delivers it:
//
//	--watch-secret=<namespace>/<name>
//	    Follow this Secret; its key --watch-secret-key (default
//	    prometheus.yaml.gz) replaces --config-file as the configuration
//	    source. It is rendered into --config-envsubst-file as in file mode.
//	--watch-configmap=<namespace>/<name>[=<dir>]   (repeatable)
//	    Mirror this ConfigMap's keys as files in <dir>, by default
//	    <--configmap-output-dir>/<name> (/etc/prometheus/rules/<name>, the
//	    folder the operator mounts rule ConfigMaps at). The folder must be
//	    writable (an emptyDir instead of the ConfigMap volume). A missing
//	    ConfigMap leaves the folder empty, like an optional volume.
//	--kubeconfig=<file>
//	    Reach the API server from outside a cluster; by default the pod's
//	    in-cluster service account is used.
//
// A change delivered by the API is applied at once, without the
// --delay-interval wait: an object arrives whole, never half-written. With
// --watch-interval=0 the same flags make the init container fill the
// mirrored folders (and the rendered file) from the API before Prometheus
// starts. Secret deletions are ignored (the last configuration stays).
//
// Each object has its own informer whose list and watch carry the field
// selector metadata.name=<name>, so the cache holds just that object and the
// service account needs get/list/watch on those names only: BuildRBAC
// returns that Role and its RoleBinding. The files are written, and the
// reload decided, from the reloader's single loop, so Prometheus never sees a
// half-updated folder.
//
// # Metrics
//
// The counters and gauges keep the names of the upstream sidecar
// (reloader_reloads_total, reloader_reloads_failed_total,
// reloader_last_reload_successful,
// reloader_last_reload_success_timestamp_seconds,
// reloader_config_apply_operations_total,
// reloader_config_apply_operations_failed_total, reloader_watches,
// reloader_watch_events_total, reloader_watch_errors_total), so existing
// alerts keep working. Metrics this project adds carry the
// prometheus_config_reloader_ prefix: config_hash, unresolved_env_variables
// and api_watch_events_total.
package reloader

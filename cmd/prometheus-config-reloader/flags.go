package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/seed-6daed11e/prometheus-operator/pkg/memlimit"
	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
)

// Reload methods accepted by --reload-method.
const (
	reloadMethodHTTP   = "http"
	reloadMethodSignal = "signal"
)

// options holds the parsed command line. Names and defaults follow the
// upstream sidecar so the operator's StatefulSets work unchanged; both
// `--name=value` and `--name value` are accepted.
type options struct {
	configFile            string
	configEnvsubstFile    string
	watchedDirs           stringList
	watchInterval         time.Duration
	delayInterval         time.Duration
	retryInterval         time.Duration
	reloadTimeout         time.Duration
	reloadMethod          string
	reloadURL             string
	runtimeInfoURL        string
	processExecutableName string
	ordinalFromEnvVar     string
	listenAddress         string
	webConfigFile         string
	logLevel              string
	logFormat             string
	memoryLimitRatio      float64
	printVersion          bool

	// API-watch mode (this project only).
	watchSecret        string
	watchSecretKey     string
	watchConfigMaps    stringList
	configMapOutputDir string
	kubeconfig         string
}

// stringList is a repeatable string flag.
type stringList []string

// String implements flag.Value.
func (l *stringList) String() string { return strings.Join(*l, ",") }

// Set implements flag.Value: each occurrence of the flag adds a value.
func (l *stringList) Set(value string) error {
	*l = append(*l, value)
	return nil
}

// parseFlags reads args (without the program name). Usage and errors go to
// output; flag.ErrHelp is returned for --help.
func parseFlags(args []string, output io.Writer) (*options, error) {
	o := &options{}
	set := flag.NewFlagSet("prometheus-config-reloader", flag.ContinueOnError)
	set.SetOutput(output)
	set.StringVar(&o.configFile, "config-file", "", "configuration file to watch (plain or gzipped)")
	set.StringVar(&o.configEnvsubstFile, "config-envsubst-file", "", "where to write the configuration with $(VAR) references expanded")
	set.Var(&o.watchedDirs, "watched-dir", "directory to watch, not recursively (repeatable)")
	set.DurationVar(&o.watchInterval, "watch-interval", reloader.DefaultWatchInterval, "period of the full check; 0 renders the configuration once and exits")
	set.DurationVar(&o.delayInterval, "delay-interval", time.Second, "quiet time after a file-system change before acting")
	set.DurationVar(&o.retryInterval, "retry-interval", reloader.DefaultRetryInterval, "first pause before retrying a failed reload (doubles up to 4x)")
	set.DurationVar(&o.reloadTimeout, "reload-timeout", 30*time.Second, "time allowed for Prometheus to answer a reload")
	set.StringVar(&o.reloadMethod, "reload-method", reloadMethodHTTP, "how to reload Prometheus: http or signal")
	set.StringVar(&o.reloadURL, "reload-url", "http://127.0.0.1:9090/-/reload", "reload endpoint (http method)")
	set.StringVar(&o.runtimeInfoURL, "runtimeinfo-url", "http://127.0.0.1:9090/api/v1/status/runtimeinfo", "runtime information endpoint (signal method)")
	set.StringVar(&o.processExecutableName, "process-executable-name", "prometheus", "executable name of the process to send SIGHUP (signal method)")
	set.StringVar(&o.ordinalFromEnvVar, "statefulset-ordinal-from-envvar", "POD_NAME", "variable whose trailing digits become "+reloader.StatefulSetOrdinalEnvVar)
	set.StringVar(&o.listenAddress, "listen-address", "", "address serving /metrics and /healthz (disabled when empty or with --watch-interval=0)")
	set.StringVar(&o.webConfigFile, "web-config-file", "", "TLS and authentication configuration of the metrics server (exporter-toolkit format)")
	set.StringVar(&o.logLevel, "log-level", "info", "log level: all, debug, info, warn, error or none")
	set.StringVar(&o.logFormat, "log-format", "logfmt", "log format: logfmt or json")
	set.Float64Var(&o.memoryLimitRatio, "auto-gomemlimit-ratio", 0, "set GOMEMLIMIT to this share of the container memory limit (0 disables)")
	set.BoolVar(&o.printVersion, "version", false, "print the version and exit")
	set.StringVar(&o.watchSecret, "watch-secret", "", "API-watch mode: follow this <namespace>/<name> Secret instead of --config-file")
	set.StringVar(&o.watchSecretKey, "watch-secret-key", reloader.DefaultSecretKey, "API-watch mode: key of the Secret holding the configuration")
	set.Var(&o.watchConfigMaps, "watch-configmap", "API-watch mode: mirror <namespace>/<name>[=<dir>] into a folder (repeatable)")
	set.StringVar(&o.configMapOutputDir, "configmap-output-dir", "/etc/prometheus/rules", "API-watch mode: parent folder of mirrored ConfigMaps without an explicit <dir>")
	set.StringVar(&o.kubeconfig, "kubeconfig", "", "API-watch mode: kubeconfig file; in-cluster configuration when empty")
	if err := set.Parse(args); err != nil {
		return nil, err
	}
	if set.NArg() > 0 {
		return nil, fmt.Errorf("unexpected arguments: %v", set.Args())
	}
	return o, o.validate()
}

func (o *options) validate() error {
	var problems []error
	if !slices.Contains([]string{reloadMethodHTTP, reloadMethodSignal}, o.reloadMethod) {
		problems = append(problems, fmt.Errorf("--reload-method must be http or signal, not %q", o.reloadMethod))
	}
	for name, value := range map[string]string{"--reload-url": o.reloadURL, "--runtimeinfo-url": o.runtimeInfoURL} {
		if parsed, err := url.Parse(value); err != nil || parsed.Scheme == "" || parsed.Host == "" {
			problems = append(problems, fmt.Errorf("%s must be an absolute URL, not %q", name, value))
		}
	}
	if o.watchInterval < 0 || o.delayInterval < 0 || o.retryInterval < 0 || o.reloadTimeout <= 0 {
		problems = append(problems, errors.New("intervals must not be negative and --reload-timeout must be positive"))
	}
	if err := memlimit.ValidateRatio(o.memoryLimitRatio); err != nil {
		problems = append(problems, err)
	}
	if o.watchSecret != "" {
		if _, err := reloader.ParseObjectReference(o.watchSecret); err != nil {
			problems = append(problems, fmt.Errorf("--watch-secret: %w", err))
		}
	}
	for _, value := range o.watchConfigMaps {
		if _, err := reloader.ParseConfigMapTarget(value, o.configMapOutputDir); err != nil {
			problems = append(problems, fmt.Errorf("--watch-configmap: %w", err))
		}
	}
	return errors.Join(problems...)
}

// apiWatchEnabled reports whether any object is to be followed through the API.
func (o *options) apiWatchEnabled() bool {
	return o.watchSecret != "" || len(o.watchConfigMaps) > 0
}

// Command prometheus-config-reloader is the sidecar (and init container) of
// every Prometheus pod the operator runs. It renders the generated
// configuration, watches it and the rule folders, and reloads Prometheus when
// they change. See package pkg/reloader for the behaviour and the opt-in
// API-watch mode.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	versioncollector "github.com/prometheus/client_golang/prometheus/collectors/version"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"
	"golang.org/x/sync/errgroup"

	"github.com/seed-6daed11e/prometheus-operator/pkg/memlimit"
	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
)

const programName = "prometheus-config-reloader"

// apiSyncTimeout bounds the wait for the first list of the watched objects;
// past it the reloader starts with what it has and keeps watching.
const apiSyncTimeout = 30 * time.Second

func init() {
	// Release builds set the version with -ldflags -X; say so in others.
	if version.Version == "" {
		version.Version = "dev"
	}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is main without the exit, so tests can drive it. It returns the exit
// code: 0 on success, 2 for bad flags, 1 for a failure at run time.
func run(args []string, stdout, stderr io.Writer) int {
	opts, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if opts.printVersion {
		fmt.Fprintln(stdout, version.Print(programName))
		return 0
	}
	logger, err := newLogger(opts.logLevel, opts.logFormat, stderr)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if opts.webConfigFile != "" {
		if err := web.Validate(opts.webConfigFile); err != nil {
			logger.Error("invalid web configuration file", "file", opts.webConfigFile, "err", err)
			return 2
		}
	}
	memlimit.Apply(opts.memoryLimitRatio, logger)
	if err := reloader.SetStatefulSetOrdinal(opts.ordinalFromEnvVar); err != nil {
		logger.Warn("cannot set the StatefulSet ordinal variable", "err", err)
	}
	logger.Info("starting "+programName, "version", version.Info(), "build_context", version.BuildContext())

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, opts, logger); err != nil {
		logger.Error(programName+" failed", "err", err)
		return 1
	}
	return 0
}

// serve wires the reloader, the optional API watches and the metrics server,
// and runs them until ctx ends or one of them fails.
func serve(ctx context.Context, opts *options, logger *slog.Logger) error {
	registry := prometheus.NewRegistry()
	registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		versioncollector.NewCollector("prometheus_config_reloader"),
	)
	reloaderOptions := reloader.Options{
		ConfigOutputFile: opts.configEnvsubstFile,
		WatchedDirs:      opts.watchedDirs,
		WatchInterval:    opts.watchInterval,
		DelayInterval:    opts.delayInterval,
		RetryInterval:    opts.retryInterval,
		Trigger:          newTrigger(opts),
		Logger:           logger,
		Registerer:       registry,
	}
	if opts.configFile != "" {
		reloaderOptions.Config = reloader.FileSource{Path: opts.configFile}
	}
	var apiWatch *reloader.APIWatch
	if opts.apiWatchEnabled() {
		var err error
		if apiWatch, err = newAPIWatch(opts, logger); err != nil {
			return err
		}
		if apiWatch.Config != nil {
			logger.Info("configuration comes from the API; --config-file is not read", "source", apiWatch.Config.String())
			reloaderOptions.Config = apiWatch.Config
		}
		reloaderOptions.Directories = apiWatch.Directories
	}
	configReloader, err := reloader.New(reloaderOptions)
	if err != nil {
		return err
	}
	group, groupCtx := errgroup.WithContext(ctx)
	if apiWatch != nil {
		if err := startAPIWatch(groupCtx, apiWatch, configReloader, logger); err != nil {
			return err
		}
	}
	group.Go(func() error { return configReloader.Run(groupCtx) })
	if opts.listenAddress != "" && opts.watchInterval != 0 {
		group.Go(func() error {
			return serveHTTP(groupCtx, newHandler(registry), opts.listenAddress, opts.webConfigFile, logger)
		})
	}
	return group.Wait()
}

// newTrigger picks the reload method.
func newTrigger(opts *options) reloader.Trigger {
	client := reloader.NewHTTPClient(opts.reloadTimeout)
	if opts.reloadMethod == reloadMethodSignal {
		return &reloader.SignalTrigger{
			ProcessName:    opts.processExecutableName,
			RuntimeInfoURL: opts.runtimeInfoURL,
			Client:         client,
			Timeout:        opts.reloadTimeout,
		}
	}
	return &reloader.HTTPTrigger{URL: opts.reloadURL, Client: client}
}

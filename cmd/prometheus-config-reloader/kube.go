package main

import (
	"context"
	"fmt"
	"log/slog"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/clientcmd"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader"
)

// newAPIWatch builds the client and the watches requested by the API-watch
// flags. The flags were validated by parseFlags.
func newAPIWatch(opts *options, logger *slog.Logger) (*reloader.APIWatch, error) {
	// With an empty path this falls back to the in-cluster configuration.
	restConfig, err := clientcmd.BuildConfigFromFlags("", opts.kubeconfig)
	if err != nil {
		return nil, fmt.Errorf("load Kubernetes client configuration: %w", err)
	}
	restConfig.UserAgent = programName
	client, err := kubernetes.NewForConfig(restConfig)
	if err != nil {
		return nil, fmt.Errorf("create Kubernetes client: %w", err)
	}
	watchOptions := reloader.APIWatchOptions{Client: client, SecretKey: opts.watchSecretKey, Logger: logger}
	if opts.watchSecret != "" {
		secret, err := reloader.ParseObjectReference(opts.watchSecret)
		if err != nil {
			return nil, err
		}
		watchOptions.Secret = &secret
	}
	for _, value := range opts.watchConfigMaps {
		target, err := reloader.ParseConfigMapTarget(value, opts.configMapOutputDir)
		if err != nil {
			return nil, err
		}
		watchOptions.ConfigMaps = append(watchOptions.ConfigMaps, target)
	}
	return reloader.NewAPIWatch(watchOptions)
}

// startAPIWatch runs the watches and waits, for a bounded time, until each
// object has been listed once, so the first apply does not see empty folders.
func startAPIWatch(ctx context.Context, watch *reloader.APIWatch, notifier reloader.Notifier, logger *slog.Logger) error {
	if err := watch.Start(ctx, notifier); err != nil {
		return err
	}
	syncCtx, cancel := context.WithTimeout(ctx, apiSyncTimeout)
	defer cancel()
	if !watch.WaitForSync(syncCtx) {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		logger.Warn("watched objects not listed in time; starting with the files at hand", "timeout", apiSyncTimeout)
	}
	return nil
}

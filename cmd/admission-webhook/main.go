// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Command admission-webhook serves the admission and conversion webhooks
// of the monitoring.coreos.com resources (see pkg/admission), over HTTPS on
// :8443 by default. With --tls-provisioning-secret it provisions its own
// certificate authority and serving certificate and injects the CA into
// its webhook configurations and the AlertmanagerConfig CRD.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime"
	"syscall"

	"github.com/seed-6daed11e/prometheus-operator/pkg/logging"
	"github.com/seed-6daed11e/prometheus-operator/pkg/memlimit"
)

// version is set at build time with -ldflags "-X main.version=...".
var version = ""

// versionString is the build's version, "dev" when not set at build time.
func versionString() string {
	if version == "" {
		return "dev"
	}
	return version
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run parses the arguments and serves until SIGINT or SIGTERM. It returns
// the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	config := newConfig()
	flags := flag.NewFlagSet("admission-webhook", flag.ContinueOnError)
	flags.SetOutput(stderr)
	config.registerFlags(flags)
	printVersion := flags.Bool("version", false, "Print the version and build details, then exit.")
	printShortVersion := flags.Bool("short-version", false, "Print only the version string, then exit.")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	switch {
	case *printShortVersion:
		fmt.Fprintln(stdout, versionString())
		return 0
	case *printVersion:
		fmt.Fprintf(stdout, "admission-webhook, version %s (go: %s, platform: %s/%s)\n",
			versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return 0
	}
	if flags.NArg() > 0 {
		fmt.Fprintf(stderr, "unexpected arguments: %v\n", flags.Args())
		return 2
	}
	if err := config.validate(); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	logger, err := logging.New(stderr, config.logLevel, config.logFormat)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	memlimit.Apply(config.memoryLimitRatio, logger)
	logger.Info("starting admission-webhook", "version", versionString())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := serve(ctx, config, logger); err != nil {
		logger.Error("admission-webhook stopped", "err", err)
		return 1
	}
	return 0
}

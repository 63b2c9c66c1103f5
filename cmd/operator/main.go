// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Command operator runs the Prometheus operator: it watches the
// monitoring.coreos.com resources and keeps the Prometheus and
// PrometheusAgent workloads they describe in shape. Subcommands crds and
// full-crds print the CRDs instead.
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
	"slices"
	"syscall"

	"github.com/seed-6daed11e/prometheus-operator/pkg/logging"
	"github.com/seed-6daed11e/prometheus-operator/pkg/memlimit"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
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

// run parses the arguments and runs the subcommand: start (the default),
// crds, full-crds or render. It returns the process exit code.
func run(args []string, stdout, stderr io.Writer) int {
	config := operator.NewConfig()
	flags := flag.NewFlagSet("operator", flag.ContinueOnError)
	flags.SetOutput(stderr)
	flags.Usage = func() { usage(flags, stderr) }
	config.RegisterFlags(flags)
	limits := registerClientFlags(flags)
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
		fmt.Fprintf(stdout, "prometheus-operator, version %s (go: %s, platform: %s/%s)\n",
			versionString(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
		return 0
	}
	command := "start"
	if flags.NArg() > 0 {
		command = flags.Arg(0)
	}
	switch command {
	case "crds":
		return report(printCRDs(stdout, true), stderr)
	case "full-crds":
		return report(printCRDs(stdout, false), stderr)
	case "render":
		// The flags given before the command count too: render parses them
		// again with its own.
		renderArgs := append(slices.Clone(args[:len(args)-flags.NArg()]), flags.Args()[1:]...)
		return runRender(context.Background(), renderArgs, os.Stdin, stdout, stderr)
	case "start":
	default:
		fmt.Fprintf(stderr, "unknown command %q; known commands: start, crds, full-crds, render\n", command)
		return 2
	}
	if err := errors.Join(config.Validate(), limits.validate()); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	logger, err := logging.New(stderr, config.LogLevel, config.LogFormat)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	memlimit.Apply(config.MemoryLimitRatio, logger)
	logger.Info("starting prometheus-operator", "version", versionString())
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := start(ctx, config, limits, logger); err != nil {
		logger.Error("operator stopped", "err", err)
		return 1
	}
	return 0
}

func report(err error, stderr io.Writer) int {
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	return 0
}

func usage(flags *flag.FlagSet, out io.Writer) {
	fmt.Fprintf(out, "Usage: operator [flags] [command]\n\n")
	fmt.Fprintln(out, "Commands:")
	fmt.Fprintln(out, "  start      run the operator (default)")
	fmt.Fprintln(out, "  crds       print the CRDs without field descriptions, as YAML")
	fmt.Fprintln(out, "  full-crds  print the complete CRDs, as YAML")
	fmt.Fprintln(out, "  render     print what the operator would write for manifests, offline (operator render -h)")
	fmt.Fprintln(out, "\nFlags:")
	flags.PrintDefaults()
}

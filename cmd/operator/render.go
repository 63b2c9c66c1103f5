// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"strings"

	"k8s.io/client-go/dynamic"

	"github.com/seed-6daed11e/prometheus-operator/pkg/logging"
	"github.com/seed-6daed11e/prometheus-operator/pkg/operator"
	"github.com/seed-6daed11e/prometheus-operator/pkg/render"
)

// renderFlags are the flags of the render subcommand besides the
// operator's own.
type renderFlags struct {
	files             fileList
	output            string
	only              string
	outDir            string
	diffDir           string
	diffCluster       bool
	kubernetesVersion string
}

// fileList is a repeatable -f.
type fileList []string

func (f *fileList) String() string         { return strings.Join(*f, ",") }
func (f *fileList) Set(value string) error { *f = append(*f, value); return nil }

// onlyConfig is the value of --only that prints the configuration files.
const onlyConfig = "config"

func registerRenderFlags(flags *flag.FlagSet) *renderFlags {
	r := &renderFlags{}
	flags.Var(&r.files, "f", "A manifest file, a directory (read recursively) or - for the standard input; repeatable.")
	flags.Var(&r.files, "filename", "Same as -f.")
	flags.StringVar(&r.output, "o", render.FormatYAML, "Output format: yaml (a stream of documents) or json (a v1 List).")
	flags.StringVar(&r.only, "only", "", "Print only part of the output: \"config\" prints the generated configuration files.")
	flags.StringVar(&r.outDir, "out-dir", "", "Also save the render to this directory, one file per object, for a later --diff.")
	flags.StringVar(&r.diffDir, "diff", "", "Print a unified diff from the render saved in this directory (--out-dir) instead of the objects.")
	flags.BoolVar(&r.diffCluster, "diff-cluster", false, "Print a unified diff from the live objects (read through --kubeconfig) instead of the objects.")
	flags.StringVar(&r.kubernetesVersion, "kubernetes-version", render.DefaultKubernetesVersion, "Version of the target cluster, for the features that depend on it.")
	return r
}

// runRender is "operator render": it renders the manifests and prints the
// generated objects (or a diff); rejections go to stderr, one per line.
// It returns 1 when anything was rejected, 2 for a usage error.
func runRender(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	config := operator.NewConfig()
	flags := flag.NewFlagSet("operator render", flag.ContinueOnError)
	flags.SetOutput(stderr)
	config.RegisterFlags(flags)
	options := registerRenderFlags(flags)
	flags.Usage = func() { renderUsage(flags, stderr) }
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if err := options.validate(flags.Args()); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	if err := config.Validate(); err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	logger, err := logging.New(stderr, config.LogLevel, config.LogFormat)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 2
	}
	manifests, err := render.ReadManifests(options.files, stdin)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	var live dynamic.Interface
	if options.diffCluster {
		if live, err = liveClient(config); err != nil {
			fmt.Fprintln(stderr, err)
			return 1
		}
	}
	renderOptions := render.Options{Config: config, KubernetesVersion: options.kubernetesVersion, Logger: quiet(logger, config.LogLevel)}
	if live != nil {
		// Rule file names carry the PrometheusRules' UIDs: use the live ones.
		renderOptions.UIDs = render.LiveUIDs(ctx, live, manifests)
	}
	result, err := render.Render(ctx, manifests, renderOptions)
	if err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	for _, warning := range result.Warnings {
		fmt.Fprintln(stderr, "warning:", warning)
	}
	if err := options.print(ctx, live, result, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, err)
		return 1
	}
	if err := render.WriteRejections(stderr, result.Rejections); err != nil || result.Failed() {
		return 1
	}
	return 0
}

func (r *renderFlags) validate(extra []string) error {
	switch {
	case len(extra) > 0:
		return fmt.Errorf("unexpected arguments %q: give manifests with -f", extra)
	case len(r.files) == 0:
		return errors.New("no manifests: give at least one -f PATH (or -f - for the standard input)")
	case r.output != render.FormatYAML && r.output != render.FormatJSON:
		return fmt.Errorf("-o %q: want yaml or json", r.output)
	case r.only != "" && r.only != onlyConfig:
		return fmt.Errorf("--only %q: want config", r.only)
	case r.diffDir != "" && r.diffCluster:
		return errors.New("--diff and --diff-cluster are mutually exclusive")
	case r.only != "" && (r.diffDir != "" || r.diffCluster):
		return errors.New("--only does not combine with --diff or --diff-cluster")
	}
	return nil
}

// print writes the render, or its diff, and saves it with --out-dir.
func (r *renderFlags) print(ctx context.Context, live dynamic.Interface, result *render.Result, stdout, stderr io.Writer) error {
	if r.outDir != "" {
		if err := render.SaveDir(r.outDir, result.Objects); err != nil {
			return err
		}
	}
	switch {
	case r.diffDir != "":
		before, err := render.LoadDir(r.diffDir)
		if err != nil {
			return err
		}
		after, err := render.Files(result.Objects)
		if err != nil {
			return err
		}
		_, err = render.WriteDiff(stdout, before, after)
		return err
	case r.diffCluster:
		return diffCluster(ctx, live, result, stdout, stderr)
	case r.only == onlyConfig:
		files, err := render.ConfigFiles(result.Objects)
		if err != nil {
			return err
		}
		return render.WriteConfigFiles(stdout, files)
	}
	return render.Write(stdout, result.Objects, r.output)
}

// liveClient is the client of --diff-cluster, configured by the operator's
// client flags (--kubeconfig...).
func liveClient(config *operator.Config) (dynamic.Interface, error) {
	restConfig, err := restConfigFor(config, &clientLimits{qps: 50, burst: 100})
	if err != nil {
		return nil, err
	}
	client, err := dynamic.NewForConfig(restConfig)
	if err != nil {
		return nil, fmt.Errorf("dynamic client: %w", err)
	}
	return client, nil
}

// diffCluster prints the diff from the live objects to the render.
func diffCluster(ctx context.Context, client dynamic.Interface, result *render.Result, stdout, stderr io.Writer) error {
	comparison, err := render.CompareLive(ctx, client, result.Objects)
	if err != nil {
		return err
	}
	for _, warning := range comparison.Warnings {
		fmt.Fprintln(stderr, "warning:", warning)
	}
	_, err = render.WriteDiff(stdout, comparison.Live, comparison.Rendered)
	return err
}

// quiet keeps the controllers' logs out of the way: they are shown only at
// --log-level=debug, since rejections are printed on their own.
func quiet(logger *slog.Logger, level string) *slog.Logger {
	if level == "debug" {
		return logger
	}
	return slog.New(slog.DiscardHandler)
}

func renderUsage(flags *flag.FlagSet, out io.Writer) {
	fmt.Fprintln(out, "Usage: operator render -f PATH... [-o yaml|json] [--only config] [--out-dir DIR] [--diff DIR | --diff-cluster] [operator flags]")
	fmt.Fprintln(out, "\nPrints the objects the operator would write for the manifests, without a cluster.")
	fmt.Fprintln(out, "Rejected objects are printed on stderr, one per line, and make the exit status 1.")
	fmt.Fprintln(out, "\nFlags:")
	flags.PrintDefaults()
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Command generate writes the operator's Grafana dashboard and alerting
// rules below the repository root given as its argument (default ".").
package main

import (
	"fmt"
	"os"

	"github.com/seed-6daed11e/prometheus-operator/hack/observability"
)

func main() {
	root := "."
	if len(os.Args) > 1 {
		root = os.Args[1]
	}
	if err := observability.Write(root); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

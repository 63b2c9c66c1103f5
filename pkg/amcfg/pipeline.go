// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"errors"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// generation holds the state of one Generate call.
type generation struct {
	in   Input
	opts Options
}

func newGeneration(in Input, opts Options) (*generation, error) {
	if in.Alertmanager == nil {
		return nil, errors.New("no Alertmanager given")
	}
	return &generation{in: in, opts: opts}, nil
}

func (g *generation) run() (*Result, error) {
	return nil, errors.New("amcfg: not implemented yet")
}

// Validate runs the semantic checks of one AlertmanagerConfig that need
// neither the cluster nor the target version (what the admission webhook
// enforces).
func Validate(config *monitoringv1alpha1.AlertmanagerConfig) error {
	return nil
}

func checkAgainstTarget(config *monitoringv1alpha1.AlertmanagerConfig, opts CheckOptions) error {
	return nil
}

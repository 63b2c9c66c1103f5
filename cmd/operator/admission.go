// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package main

import (
	"log/slog"
	"net/http"

	"github.com/seed-6daed11e/prometheus-operator/pkg/admission"
)

// registerAdmission serves the admission webhook's routes on the operator's
// own port too, as upstream's operator does, so a webhook configuration may
// point at the operator's Service. Names are checked with the legacy scheme
// and no cluster lookups are made: those are the admission-webhook binary's
// options.
func registerAdmission(mux *http.ServeMux, logger *slog.Logger) {
	webhook := admission.New(admission.Options{
		Checks: admission.NewChecks(admission.RuleOptions{NameValidationScheme: admission.NameValidationLegacy}),
		Logger: logger.With("component", "admissionwebhook"),
	})
	webhook.Register(mux)
}

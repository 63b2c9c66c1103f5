package main

import (
	"io"
	"log/slog"

	"github.com/seed-6daed11e/prometheus-operator/pkg/logging"
)

// newLogger builds the process logger from --log-level and --log-format,
// with the same names and meanings as the operator's flags.
func newLogger(level, format string, output io.Writer) (*slog.Logger, error) {
	return logging.New(output, level, format)
}

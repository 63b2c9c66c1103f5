// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package logging builds the slog logger of our binaries from upstream's
// --log-level and --log-format flag values.
package logging

import (
	"fmt"
	"io"
	"log/slog"
	"strings"
)

// Levels and formats accepted by the flags.
const (
	FormatLogfmt = "logfmt"
	FormatJSON   = "json"
)

// ParseLevel maps debug, info, warn and error (any case) to a slog level.
func ParseLevel(level string) (slog.Level, error) {
	switch strings.ToLower(level) {
	case "debug":
		return slog.LevelDebug, nil
	case "info", "":
		return slog.LevelInfo, nil
	case "warn", "warning":
		return slog.LevelWarn, nil
	case "error":
		return slog.LevelError, nil
	}
	return 0, fmt.Errorf("log level %q: want debug, info, warn or error", level)
}

// New returns a logger writing to w at level in format (logfmt or json).
func New(w io.Writer, level, format string) (*slog.Logger, error) {
	lvl, err := ParseLevel(level)
	if err != nil {
		return nil, err
	}
	opts := &slog.HandlerOptions{Level: lvl}
	switch strings.ToLower(format) {
	case FormatLogfmt, "":
		return slog.New(slog.NewTextHandler(w, opts)), nil
	case FormatJSON:
		return slog.New(slog.NewJSONHandler(w, opts)), nil
	}
	return nil, fmt.Errorf("log format %q: want logfmt or json", format)
}

package main

import (
	"fmt"
	"io"
	"log/slog"
	"math"
)

// newLogger builds the process logger from --log-level and --log-format.
// "all" logs everything, "none" nothing; logfmt is slog's text format.
func newLogger(level, format string, output io.Writer) (*slog.Logger, error) {
	levels := map[string]slog.Level{
		"all": slog.LevelDebug, "debug": slog.LevelDebug, "info": slog.LevelInfo,
		"warn": slog.LevelWarn, "error": slog.LevelError, "none": slog.Level(math.MaxInt32),
	}
	minimum, ok := levels[level]
	if !ok {
		return nil, fmt.Errorf("unknown log level %q (want all, debug, info, warn, error or none)", level)
	}
	handlerOptions := &slog.HandlerOptions{Level: minimum}
	switch format {
	case "logfmt":
		return slog.New(slog.NewTextHandler(output, handlerOptions)), nil
	case "json":
		return slog.New(slog.NewJSONHandler(output, handlerOptions)), nil
	default:
		return nil, fmt.Errorf("unknown log format %q (want logfmt or json)", format)
	}
}

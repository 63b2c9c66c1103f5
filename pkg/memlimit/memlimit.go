// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package memlimit derives the Go runtime's soft memory limit from the
// container's cgroup memory limit (the --auto-gomemlimit-ratio flag shared by
// the operator and the config reloader).
package memlimit

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// CgroupLimitFiles are where cgroup v2 and v1 publish the container's memory
// limit, in the order they are tried.
var CgroupLimitFiles = []string{
	"/sys/fs/cgroup/memory.max",
	"/sys/fs/cgroup/memory/memory.limit_in_bytes",
}

// errNoLimit says the container runs without a memory limit.
var errNoLimit = errors.New("the container has no memory limit")

// ValidateRatio rejects a ratio outside [0, 1]; 0 switches the feature off.
func ValidateRatio(ratio float64) error {
	if ratio < 0 || ratio > 1 {
		return fmt.Errorf("--auto-gomemlimit-ratio must be between 0 and 1, not %v", ratio)
	}
	return nil
}

// Apply sets the Go memory limit to ratio × the container memory limit found
// in CgroupLimitFiles. A ratio of 0, an explicit GOMEMLIMIT, or a container
// without a limit leaves the runtime default; problems are logged, not fatal.
// It returns the limit set, or 0 when it set none.
func Apply(ratio float64, logger *slog.Logger) int64 {
	if ratio <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return 0
	}
	limit, err := ContainerLimit(CgroupLimitFiles)
	if err != nil {
		logger.Warn("cannot set GOMEMLIMIT from the container limit", "err", err)
		return 0
	}
	goLimit := GoLimit(limit, ratio)
	debug.SetMemoryLimit(goLimit)
	logger.Info("GOMEMLIMIT set from the container memory limit", "bytes", goLimit, "ratio", ratio)
	return goLimit
}

// GoLimit is the share ratio of the container limit, in bytes.
func GoLimit(containerLimit uint64, ratio float64) int64 {
	return int64(float64(containerLimit) * ratio)
}

// ContainerLimit reads the memory limit from the first of files that exists.
func ContainerLimit(files []string) (uint64, error) {
	for _, path := range files {
		content, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", path, err)
		}
		value := strings.TrimSpace(string(content))
		if value == "max" {
			return 0, errNoLimit
		}
		limit, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse %s: %w", path, err)
		}
		// cgroup v1 reports "no limit" as a huge page-aligned number.
		if limit >= 1<<62 {
			return 0, errNoLimit
		}
		return limit, nil
	}
	return 0, errors.New("no cgroup memory limit file found")
}

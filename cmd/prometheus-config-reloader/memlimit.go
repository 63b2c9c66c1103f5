package main

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"strconv"
	"strings"
)

// cgroupMemoryLimitFiles are where cgroup v2 and v1 publish the container's
// memory limit.
var cgroupMemoryLimitFiles = []string{
	"/sys/fs/cgroup/memory.max",
	"/sys/fs/cgroup/memory/memory.limit_in_bytes",
}

// applyMemoryLimit sets the Go memory limit to ratio × the container memory
// limit (--auto-gomemlimit-ratio). A ratio of 0, an explicit GOMEMLIMIT, or a
// container without a limit leaves the runtime default.
func applyMemoryLimit(ratio float64, logger *slog.Logger) {
	if ratio <= 0 || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	limit, err := containerMemoryLimit()
	if err != nil {
		logger.Warn("cannot set GOMEMLIMIT from the container limit", "err", err)
		return
	}
	goLimit := int64(float64(limit) * ratio)
	debug.SetMemoryLimit(goLimit)
	logger.Info("GOMEMLIMIT set from the container memory limit", "bytes", goLimit, "ratio", ratio)
}

func containerMemoryLimit() (uint64, error) {
	for _, path := range cgroupMemoryLimitFiles {
		content, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		}
		if err != nil {
			return 0, fmt.Errorf("read %s: %w", path, err)
		}
		value := strings.TrimSpace(string(content))
		if value == "max" {
			return 0, errors.New("the container has no memory limit")
		}
		limit, err := strconv.ParseUint(value, 10, 64)
		if err != nil {
			return 0, fmt.Errorf("parse %s: %w", path, err)
		}
		// cgroup v1 reports "no limit" as a huge page-aligned number.
		if limit >= 1<<62 {
			return 0, errors.New("the container has no memory limit")
		}
		return limit, nil
	}
	return 0, errors.New("no cgroup memory limit file found")
}

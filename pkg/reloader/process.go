package reloader

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// procRoot is where the process table is read from; tests point it elsewhere.
var procRoot = "/proc"

// FindProcessByName returns the id of the single process, other than this
// one, whose executable is called name: the base name of its first command
// line argument, or else its kernel command name. It fails when no process or
// more than one matches, rather than signalling the wrong one.
func FindProcessByName(name string) (int, error) {
	entries, err := os.ReadDir(procRoot)
	if err != nil {
		return 0, fmt.Errorf("list processes in %s: %w", procRoot, err)
	}
	self := os.Getpid()
	var matches []int
	for _, entry := range entries {
		pid, err := strconv.Atoi(entry.Name())
		if err != nil || pid == self {
			continue
		}
		if processName(filepath.Join(procRoot, entry.Name())) == name {
			matches = append(matches, pid)
		}
	}
	switch len(matches) {
	case 0:
		return 0, fmt.Errorf("no process named %q found (does the pod share its process namespace?)", name)
	case 1:
		return matches[0], nil
	default:
		return 0, fmt.Errorf("%d processes named %q found (%v); refusing to guess", len(matches), name, matches)
	}
}

// processName reads the executable name of the process whose /proc folder is
// dir; an unreadable process (gone, or not ours) has no name.
func processName(dir string) string {
	if cmdline, err := os.ReadFile(filepath.Join(dir, "cmdline")); err == nil && len(cmdline) > 0 {
		first, _, _ := bytes.Cut(cmdline, []byte{0})
		if len(first) > 0 {
			return filepath.Base(string(first))
		}
	}
	comm, err := os.ReadFile(filepath.Join(dir, "comm"))
	if err != nil {
		return ""
	}
	return strings.TrimSpace(string(comm))
}

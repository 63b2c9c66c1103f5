// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package process runs the programs an end-to-end test drives (the
// operator, Prometheus, the config reloader) as child processes: each logs
// to its own file, is stopped when the test ends, and has its log printed
// when the test failed.
package process

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// stopGrace is how long a process may take to exit after SIGTERM before it
// is killed.
const stopGrace = 10 * time.Second

// printedLogBytes bounds how much of a log is printed on failure: its end,
// where the cause usually is.
const printedLogBytes = 64 << 10

// Spec describes a process to start.
type Spec struct {
	// Name labels the process in messages and names its log file.
	Name string
	// Binary is the program's path.
	Binary string
	// Args are the command-line arguments.
	Args []string
	// Env adds NAME=value variables to the test's own environment.
	Env []string
	// LogDir is where <Name>.log is written. When empty it is
	// $E2E_LOG_DIR/<test name> if that variable is set (logs kept after the
	// run, e.g. as CI artifacts), else a test temporary folder.
	LogDir string
}

// Process is a running child process.
type Process struct {
	spec    Spec
	logPath string
	command *exec.Cmd
	done    chan struct{}
	exitErr error
	stopped sync.Once
}

// Start runs spec and registers a cleanup that stops the process and, when
// the test failed, prints the end of its log.
func Start(t testing.TB, spec Spec) *Process {
	t.Helper()
	p, err := start(t, spec)
	if err != nil {
		t.Fatalf("starting %s: %v", spec.Name, err)
	}
	t.Cleanup(func() {
		p.Stop()
		if t.Failed() {
			t.Logf("log of %s (%s):\n%s", p.spec.Name, p.logPath, tail(p.Log(), printedLogBytes))
		}
	})
	return p
}

func start(t testing.TB, spec Spec) (*Process, error) {
	if spec.LogDir == "" {
		spec.LogDir = t.TempDir()
		if kept := os.Getenv("E2E_LOG_DIR"); kept != "" {
			spec.LogDir = filepath.Join(kept, strings.NewReplacer("/", "_", " ", "_").Replace(t.Name()))
			if err := os.MkdirAll(spec.LogDir, 0o755); err != nil {
				return nil, fmt.Errorf("creating log folder: %w", err)
			}
		}
	}
	logPath := filepath.Join(spec.LogDir, spec.Name+".log")
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, fmt.Errorf("opening log file: %w", err)
	}
	command := exec.Command(spec.Binary, spec.Args...)
	command.Env = append(os.Environ(), spec.Env...)
	command.Stdout, command.Stderr = logFile, logFile
	// Its own process group, so that a Ctrl-C on the test does not reach
	// it before the cleanup does.
	command.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := command.Start(); err != nil {
		_ = logFile.Close()
		return nil, fmt.Errorf("running %s: %w", spec.Binary, err)
	}
	p := &Process{spec: spec, logPath: logPath, command: command, done: make(chan struct{})}
	go func() {
		p.exitErr = command.Wait()
		_ = logFile.Close()
		close(p.done)
	}()
	return p, nil
}

// Name returns the name the process was started with.
func (p *Process) Name() string { return p.spec.Name }

// LogPath returns the file holding the process's output.
func (p *Process) LogPath() string { return p.logPath }

// Log returns everything the process has written so far.
func (p *Process) Log() string {
	data, err := os.ReadFile(p.logPath)
	if err != nil {
		return fmt.Sprintf("(reading %s: %v)", p.logPath, err)
	}
	return string(data)
}

// Exited reports whether the process has ended, and how.
func (p *Process) Exited() (bool, error) {
	select {
	case <-p.done:
		return true, p.exitErr
	default:
		return false, nil
	}
}

// Wait waits up to timeout for the process to exit by itself and returns
// how it exited.
func (p *Process) Wait(ctx context.Context, timeout time.Duration) error {
	select {
	case <-p.done:
		return p.exitErr
	case <-ctx.Done():
		return fmt.Errorf("waiting for %s to exit: %w", p.spec.Name, ctx.Err())
	case <-time.After(timeout):
		return fmt.Errorf("%s still running after %s", p.spec.Name, timeout)
	}
}

// Stop sends SIGTERM, waits a grace period and then kills the process. It
// is safe to call more than once.
func (p *Process) Stop() {
	p.stopped.Do(func() {
		if exited, _ := p.Exited(); exited {
			return
		}
		_ = p.command.Process.Signal(syscall.SIGTERM)
		select {
		case <-p.done:
		case <-time.After(stopGrace):
			_ = p.command.Process.Kill()
			<-p.done
		}
	})
}

// WaitHealthy polls url until it answers 200, failing early when the
// process exits first.
func (p *Process) WaitHealthy(ctx context.Context, url string, timeout time.Duration) error {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	client := &http.Client{Timeout: 2 * time.Second}
	var last error
	for {
		if exited, err := p.Exited(); exited {
			if err == nil {
				err = errors.New("exit status 0")
			}
			return fmt.Errorf("%s exited before %s answered (%w); log:\n%s", p.spec.Name, url, err, tail(p.Log(), printedLogBytes))
		}
		last = get(ctx, client, url)
		if last == nil {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("%s: %s did not answer 200 within %s: %w", p.spec.Name, url, timeout, last)
		case <-time.After(100 * time.Millisecond):
		}
	}
}

func get(ctx context.Context, client *http.Client, url string) error {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return fmt.Errorf("building request: %w", err)
	}
	response, err := client.Do(request)
	if err != nil {
		return fmt.Errorf("GET %s: %w", url, err)
	}
	_ = response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: status %d", url, response.StatusCode)
	}
	return nil
}

// FreeAddress returns a 127.0.0.1 address whose port nobody listens on now.
func FreeAddress(t testing.TB) string {
	t.Helper()
	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("finding a free loopback port: %v", err)
	}
	address := listener.Addr().String()
	if err := listener.Close(); err != nil {
		t.Fatalf("releasing port: %v", err)
	}
	return address
}

func tail(text string, size int) string {
	if len(text) <= size {
		return text
	}
	cut := text[len(text)-size:]
	if newline := strings.IndexByte(cut, '\n'); newline >= 0 {
		cut = cut[newline+1:]
	}
	return "[...]\n" + cut
}

// RepoRoot walks up from the working directory to the folder holding go.mod.
func RepoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", fmt.Errorf("finding working directory: %w", err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}

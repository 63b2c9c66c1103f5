package reloader

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"os"
	"syscall"
	"time"

	"k8s.io/utils/clock"
)

// RuntimeInfo is the part of Prometheus's /api/v1/status/runtimeinfo answer
// that tells how the latest configuration load went. LastConfigTime only moves
// on a successful load, and has a resolution of one second.
type RuntimeInfo struct {
	// ReloadConfigSuccess tells whether the latest load succeeded.
	ReloadConfigSuccess bool `json:"reloadConfigSuccess"`
	// LastConfigTime is when a load last succeeded.
	LastConfigTime time.Time `json:"lastConfigTime"`
}

// FetchRuntimeInfo reads the runtime information of a Prometheus server.
func FetchRuntimeInfo(ctx context.Context, client *http.Client, url string) (RuntimeInfo, error) {
	request, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return RuntimeInfo{}, fmt.Errorf("build runtime info request for %s: %w", url, err)
	}
	response, err := client.Do(request)
	if err != nil {
		return RuntimeInfo{}, fmt.Errorf("get runtime info: %w", err)
	}
	defer response.Body.Close()
	if response.StatusCode != http.StatusOK {
		return RuntimeInfo{}, fmt.Errorf("get runtime info from %s: status %s", url, response.Status)
	}
	var envelope struct {
		Status string      `json:"status"`
		Data   RuntimeInfo `json:"data"`
	}
	if err := json.NewDecoder(response.Body).Decode(&envelope); err != nil {
		return RuntimeInfo{}, fmt.Errorf("decode runtime info from %s: %w", url, err)
	}
	if envelope.Status != "success" {
		return RuntimeInfo{}, fmt.Errorf("runtime info from %s has status %q", url, envelope.Status)
	}
	return envelope.Data, nil
}

// SignalTrigger reloads Prometheus by sending SIGHUP to its process (the pod
// shares its process namespace) and then reads the runtime information until
// Prometheus reports the outcome.
type SignalTrigger struct {
	// ProcessName is the executable name of the process to signal.
	ProcessName string
	// RuntimeInfoURL is Prometheus's /api/v1/status/runtimeinfo endpoint.
	RuntimeInfoURL string
	// Client reads RuntimeInfoURL; nil means NewHTTPClient(Timeout).
	Client *http.Client
	// Timeout bounds the wait for the outcome of one reload; zero means 30s.
	Timeout time.Duration
	// PollInterval is the pause between two reads; zero means 100ms.
	PollInterval time.Duration
	// Clock measures the waits; nil means the real clock.
	Clock clock.Clock
	// FindProcess returns the process id to signal; nil scans /proc.
	FindProcess func(name string) (int, error)
	// Signal delivers the signal; nil uses os.Process.Signal.
	Signal func(pid int, signal os.Signal) error
}

// Reload implements Trigger.
func (t *SignalTrigger) Reload(ctx context.Context) error {
	t.setDefaults()
	ctx, cancel := context.WithTimeout(ctx, t.Timeout)
	defer cancel()
	before, err := FetchRuntimeInfo(ctx, t.Client, t.RuntimeInfoURL)
	if err != nil {
		return fmt.Errorf("read state before signalling: %w", err)
	}
	// LastConfigTime has whole seconds: wait until a success we cause can be
	// told apart from one that happened earlier in the same second.
	for !t.Clock.Now().Truncate(time.Second).After(before.LastConfigTime) {
		if err := t.sleep(ctx, t.PollInterval); err != nil {
			return fmt.Errorf("wait before signalling: %w", err)
		}
	}
	signalledAt := t.Clock.Now().Truncate(time.Second)
	pid, err := t.FindProcess(t.ProcessName)
	if err != nil {
		return err
	}
	if err := t.Signal(pid, syscall.SIGHUP); err != nil {
		return fmt.Errorf("send SIGHUP to %s (pid %d): %w", t.ProcessName, pid, err)
	}
	return t.awaitOutcome(ctx, before, signalledAt)
}

// awaitOutcome polls the runtime information until it shows a success newer
// than the signal, or a failure that replaced an earlier success.
func (t *SignalTrigger) awaitOutcome(ctx context.Context, before RuntimeInfo, signalledAt time.Time) error {
	var lastErr error
	for {
		info, err := FetchRuntimeInfo(ctx, t.Client, t.RuntimeInfoURL)
		switch {
		case err != nil:
			lastErr = err
		case info.ReloadConfigSuccess && !info.LastConfigTime.Before(signalledAt):
			return nil
		case !info.ReloadConfigSuccess && before.ReloadConfigSuccess:
			return errors.New("prometheus reported that loading the configuration failed (see its log)")
		}
		if err := t.sleep(ctx, t.PollInterval); err != nil {
			if lastErr != nil {
				return fmt.Errorf("no reload outcome before the timeout: %w", lastErr)
			}
			return fmt.Errorf("no successful reload reported before the timeout: %w", err)
		}
	}
}

func (t *SignalTrigger) sleep(ctx context.Context, duration time.Duration) error {
	timer := t.Clock.NewTimer(duration)
	defer timer.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-timer.C():
		return nil
	}
}

func (t *SignalTrigger) setDefaults() {
	if t.Timeout <= 0 {
		t.Timeout = 30 * time.Second
	}
	if t.PollInterval <= 0 {
		t.PollInterval = 100 * time.Millisecond
	}
	if t.Client == nil {
		t.Client = NewHTTPClient(t.Timeout)
	}
	if t.Clock == nil {
		t.Clock = clock.RealClock{}
	}
	if t.FindProcess == nil {
		t.FindProcess = FindProcessByName
	}
	if t.Signal == nil {
		t.Signal = signalProcess
	}
}

func signalProcess(pid int, signal os.Signal) error {
	process, err := os.FindProcess(pid)
	if err != nil {
		return fmt.Errorf("find process %d: %w", pid, err)
	}
	return process.Signal(signal)
}

package reloader

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// fakePrometheus answers runtimeinfo and changes its state when signalled.
type fakePrometheus struct {
	mutex         sync.Mutex
	info          RuntimeInfo
	acceptReloads bool
	signals       []os.Signal
}

func (f *fakePrometheus) ServeHTTP(w http.ResponseWriter, _ *http.Request) {
	f.mutex.Lock()
	defer f.mutex.Unlock()
	_ = json.NewEncoder(w).Encode(map[string]any{"status": "success", "data": f.info})
}

func (f *fakePrometheus) signal(pid int, signal os.Signal) error {
	f.mutex.Lock()
	defer f.mutex.Unlock()
	if pid != 4242 {
		return errors.New("wrong pid")
	}
	f.signals = append(f.signals, signal)
	f.info.ReloadConfigSuccess = f.acceptReloads
	if f.acceptReloads {
		f.info.LastConfigTime = time.Now().Truncate(time.Second).UTC()
	}
	return nil
}

func newSignalTrigger(server *httptest.Server, prometheus *fakePrometheus) *SignalTrigger {
	return &SignalTrigger{
		ProcessName:    "prometheus",
		RuntimeInfoURL: server.URL + "/api/v1/status/runtimeinfo",
		Timeout:        3 * time.Second,
		PollInterval:   10 * time.Millisecond,
		FindProcess: func(name string) (int, error) {
			if name != "prometheus" {
				return 0, errors.New("not found")
			}
			return 4242, nil
		},
		Signal: prometheus.signal,
	}
}

func TestSignalTriggerWaitsForASuccessAfterTheSignal(t *testing.T) {
	prometheus := &fakePrometheus{acceptReloads: true,
		info: RuntimeInfo{ReloadConfigSuccess: true, LastConfigTime: time.Now().Truncate(time.Second).UTC()}}
	server := httptest.NewServer(prometheus)
	defer server.Close()

	require.NoError(t, newSignalTrigger(server, prometheus).Reload(context.Background()))
	assert.Equal(t, []os.Signal{syscall.SIGHUP}, prometheus.signals)
}

func TestSignalTriggerReportsARejectedConfiguration(t *testing.T) {
	prometheus := &fakePrometheus{acceptReloads: false,
		info: RuntimeInfo{ReloadConfigSuccess: true, LastConfigTime: time.Now().Add(-time.Hour).UTC()}}
	server := httptest.NewServer(prometheus)
	defer server.Close()

	err := newSignalTrigger(server, prometheus).Reload(context.Background())
	require.ErrorContains(t, err, "failed")
	assert.Len(t, prometheus.signals, 1)
}

func TestSignalTriggerTimesOutWhenNoSuccessShows(t *testing.T) {
	prometheus := &fakePrometheus{acceptReloads: false,
		info: RuntimeInfo{ReloadConfigSuccess: false, LastConfigTime: time.Now().Add(-time.Hour).UTC()}}
	server := httptest.NewServer(prometheus)
	defer server.Close()
	trigger := newSignalTrigger(server, prometheus)
	trigger.Timeout = 200 * time.Millisecond

	require.Error(t, trigger.Reload(context.Background()))
}

func TestSignalTriggerFailsWithoutTheProcess(t *testing.T) {
	prometheus := &fakePrometheus{info: RuntimeInfo{ReloadConfigSuccess: true}}
	server := httptest.NewServer(prometheus)
	defer server.Close()
	trigger := newSignalTrigger(server, prometheus)
	trigger.ProcessName = "not-prometheus"

	require.Error(t, trigger.Reload(context.Background()))
	assert.Empty(t, prometheus.signals)
}

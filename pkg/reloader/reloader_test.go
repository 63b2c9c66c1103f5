package reloader

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	testingclock "k8s.io/utils/clock/testing"

	"github.com/seed-6daed11e/prometheus-operator/pkg/reloader/kubeletvolume"
)

const eventually = 5 * time.Second

// fileCheckingTrigger stands in for Prometheus: a reload fails while the
// rendered configuration contains "broken", as a real one would reject it.
type fileCheckingTrigger struct {
	outputFile string

	mutex    sync.Mutex
	calls    int
	failNext int
	loaded   []string
}

func (f *fileCheckingTrigger) Reload(context.Context) error {
	f.mutex.Lock()
	defer f.mutex.Unlock()
	f.calls++
	if f.failNext > 0 {
		f.failNext--
		return errors.New("connection refused")
	}
	content, err := os.ReadFile(f.outputFile)
	if err != nil {
		return err
	}
	if strings.Contains(string(content), "broken") {
		return errors.New("yaml: unmarshal errors")
	}
	f.loaded = append(f.loaded, string(content))
	return nil
}

func (f *fileCheckingTrigger) callCount() int {
	f.mutex.Lock()
	defer f.mutex.Unlock()
	return f.calls
}

func (f *fileCheckingTrigger) lastLoaded() string {
	f.mutex.Lock()
	defer f.mutex.Unlock()
	if len(f.loaded) == 0 {
		return ""
	}
	return f.loaded[len(f.loaded)-1]
}

// startReloader runs r until the test ends.
func startReloader(t *testing.T, r *Reloader) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- r.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
}

func TestRunWithZeroWatchIntervalRendersOnceWithoutReloading(t *testing.T) {
	dir := t.TempDir()
	input := filepath.Join(dir, "prometheus.yaml.gz")
	output := filepath.Join(dir, "prometheus.env.yaml")
	require.NoError(t, os.WriteFile(input, gzipBytes(t, []byte("shard: $(SHARD)")), 0o644))
	r, err := New(Options{
		Config:           FileSource{Path: input},
		ConfigOutputFile: output,
		Lookup:           func(string) (string, bool) { return "3", true },
	})
	require.NoError(t, err)

	require.NoError(t, r.Run(context.Background()))

	content, err := os.ReadFile(output)
	require.NoError(t, err)
	assert.Equal(t, "shard: 3", string(content))
	assert.Zero(t, r.Status().Reloads)
}

func TestRunWithZeroWatchIntervalFailsWhenTheConfigIsMissing(t *testing.T) {
	r, err := New(Options{
		Config:           FileSource{Path: filepath.Join(t.TempDir(), "absent.yaml.gz")},
		ConfigOutputFile: filepath.Join(t.TempDir(), "out.yaml"),
	})
	require.NoError(t, err)
	require.Error(t, r.Run(context.Background()))
}

func TestReloadsAfterKubeletVolumeSwaps(t *testing.T) {
	configDir, rulesDir, outDir := t.TempDir(), t.TempDir(), t.TempDir()
	output := filepath.Join(outDir, "prometheus.env.yaml")
	require.NoError(t, kubeletvolume.Write(configDir, map[string][]byte{"prometheus.yaml.gz": gzipBytes(t, []byte("version: 1"))}))
	require.NoError(t, kubeletvolume.Write(rulesDir, map[string][]byte{"rules.yaml": []byte("groups: []")}))
	trigger := &fileCheckingTrigger{outputFile: output}
	r, err := New(Options{
		Config:           FileSource{Path: filepath.Join(configDir, "prometheus.yaml.gz")},
		ConfigOutputFile: output,
		WatchedDirs:      []string{rulesDir},
		WatchInterval:    time.Hour,
		DelayInterval:    10 * time.Millisecond,
		Trigger:          trigger,
	})
	require.NoError(t, err)
	startReloader(t, r)
	require.Eventually(t, func() bool { return r.Status().Reloads == 1 }, eventually, 5*time.Millisecond, "reload at start")
	assert.Equal(t, "version: 1", trigger.lastLoaded())

	require.NoError(t, kubeletvolume.Write(configDir, map[string][]byte{"prometheus.yaml.gz": gzipBytes(t, []byte("version: 2"))}))
	require.Eventually(t, func() bool { return r.Status().Reloads == 2 }, eventually, 5*time.Millisecond, "reload after the config swap")
	assert.Equal(t, "version: 2", trigger.lastLoaded())

	require.NoError(t, kubeletvolume.Write(rulesDir, map[string][]byte{"rules.yaml": []byte("groups: [a]")}))
	require.Eventually(t, func() bool { return r.Status().Reloads == 3 }, eventually, 5*time.Millisecond, "reload after the rules swap")

	applied := testutil.ToFloat64(r.metrics.applyOperations)
	require.NoError(t, kubeletvolume.Write(rulesDir, map[string][]byte{"rules.yaml": []byte("groups: [a]")}))
	require.Eventually(t, func() bool { return testutil.ToFloat64(r.metrics.applyOperations) > applied },
		eventually, 5*time.Millisecond, "the identical swap is noticed")
	assert.Equal(t, 3, r.Status().Reloads, "an identical swap does not reload")
	assert.Equal(t, 3, trigger.callCount())
}

func TestPeriodicCheckFindsChangesWithoutNotifications(t *testing.T) {
	output := filepath.Join(t.TempDir(), "out.yaml")
	source := &MemorySource{Name: "memory"}
	source.Set([]byte("version: 1"))
	fakeClock := testingclock.NewFakeClock(time.Now())
	r, err := New(Options{
		Config: source, ConfigOutputFile: output,
		WatchInterval: time.Minute, Trigger: &fileCheckingTrigger{outputFile: output}, Clock: fakeClock,
	})
	require.NoError(t, err)
	startReloader(t, r)
	require.Eventually(t, func() bool { return r.Status().Reloads == 1 }, eventually, 5*time.Millisecond)

	source.Set([]byte("version: 2"))
	require.Eventually(t, func() bool {
		fakeClock.Step(time.Minute)
		return r.Status().Reloads == 2
	}, eventually, 5*time.Millisecond)
}

func TestFailedReloadsAreRetriedAndCounted(t *testing.T) {
	output := filepath.Join(t.TempDir(), "out.yaml")
	source := &MemorySource{Name: "memory"}
	source.Set([]byte("version: 1"))
	trigger := &fileCheckingTrigger{outputFile: output, failNext: 2}
	started := time.Date(2030, 1, 1, 0, 0, 0, 0, time.UTC)
	fakeClock := testingclock.NewFakeClock(started)
	r, err := New(Options{
		Config: source, ConfigOutputFile: output, WatchInterval: time.Hour,
		RetryInterval: time.Second, Trigger: trigger, Clock: fakeClock,
	})
	require.NoError(t, err)
	startReloader(t, r)

	require.Eventually(t, func() bool { return trigger.callCount() == 1 }, eventually, 5*time.Millisecond)
	assert.Equal(t, 0.0, testutil.ToFloat64(r.metrics.lastReloadSuccessful))
	require.Eventually(t, func() bool {
		fakeClock.Step(time.Second)
		return r.Status().Reloads == 1
	}, eventually, 5*time.Millisecond)

	assert.Equal(t, 3, trigger.callCount())
	assert.Equal(t, 3.0, testutil.ToFloat64(r.metrics.reloads))
	assert.Equal(t, 2.0, testutil.ToFloat64(r.metrics.reloadFailures))
	assert.Equal(t, 1.0, testutil.ToFloat64(r.metrics.lastReloadSuccessful))
	reloadedAt := r.Status().LastReloadTime
	assert.True(t, reloadedAt.After(started), "the success time comes from the injected clock")
	assert.Equal(t, float64(reloadedAt.UnixNano())/1e9, testutil.ToFloat64(r.metrics.lastReloadSuccessTimestamp))
	assert.NotZero(t, testutil.ToFloat64(r.metrics.configHash))
	assert.NoError(t, r.Status().LastError)
}

func TestABrokenConfigIsReportedAndAFixIsAppliedWithoutWaitingForTheRetry(t *testing.T) {
	output := filepath.Join(t.TempDir(), "out.yaml")
	source := &MemorySource{Name: "memory"}
	source.Set([]byte("version: 1"))
	trigger := &fileCheckingTrigger{outputFile: output}
	fakeClock := testingclock.NewFakeClock(time.Now())
	r, err := New(Options{
		Config: source, ConfigOutputFile: output, WatchInterval: time.Hour,
		RetryInterval: time.Hour, Trigger: trigger, Clock: fakeClock,
	})
	require.NoError(t, err)
	startReloader(t, r)
	require.Eventually(t, func() bool { return r.Status().Reloads == 1 }, eventually, 5*time.Millisecond)

	source.Set([]byte("version: broken"))
	r.Notify()
	require.Eventually(t, func() bool { return r.Status().LastError != nil }, eventually, 5*time.Millisecond)
	assert.Equal(t, 0.0, testutil.ToFloat64(r.metrics.lastReloadSuccessful))
	assert.Equal(t, 1.0, testutil.ToFloat64(r.metrics.applyFailures))
	assert.Equal(t, "version: 1", trigger.lastLoaded())

	source.Set([]byte("version: 3"))
	r.Notify() // the clock never moves: the retry timer cannot be what applies it
	require.Eventually(t, func() bool { return r.Status().Reloads == 2 }, eventually, 5*time.Millisecond)
	assert.Equal(t, "version: 3", trigger.lastLoaded())
	assert.Equal(t, 1.0, testutil.ToFloat64(r.metrics.lastReloadSuccessful))
}

func TestUnsetVariablesAreLeftInTheOutputAndCounted(t *testing.T) {
	output := filepath.Join(t.TempDir(), "out.yaml")
	source := &MemorySource{Name: "memory"}
	source.Set([]byte("a: $(RELOADER_TEST_UNSET_A) b: $(RELOADER_TEST_UNSET_B)"))
	r, err := New(Options{Config: source, ConfigOutputFile: output})
	require.NoError(t, err)
	require.NoError(t, r.Run(context.Background()))
	content, err := os.ReadFile(output)
	require.NoError(t, err)
	assert.Equal(t, "a: $(RELOADER_TEST_UNSET_A) b: $(RELOADER_TEST_UNSET_B)", string(content))
	assert.Equal(t, 2.0, testutil.ToFloat64(r.metrics.unresolvedVariables))
}

func TestNewRequiresATriggerWhenWatching(t *testing.T) {
	_, err := New(Options{WatchInterval: time.Minute})
	require.Error(t, err)
}

func TestBackoffDoublesUpToTheMaximumAndResets(t *testing.T) {
	retries := backoff{initial: time.Second, maximum: 5 * time.Second}
	var pauses []time.Duration
	for range 5 {
		pauses = append(pauses, retries.Next())
	}
	assert.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 5 * time.Second, 5 * time.Second}, pauses)
	retries.Reset()
	assert.Equal(t, time.Second, retries.Next())
}

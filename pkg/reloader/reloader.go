package reloader

import (
	"context"
	"errors"
	"log/slog"
	"path/filepath"
	"sync"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"k8s.io/utils/clock"
)

// Defaults used when the matching Options field is zero.
const (
	DefaultWatchInterval = 3 * time.Minute
	DefaultRetryInterval = 5 * time.Second
)

// Options configures a Reloader.
type Options struct {
	// Config supplies the raw configuration; nil means there is none and
	// only the watched directories matter.
	Config ConfigSource
	// ConfigOutputFile receives the rendered configuration (gunzipped, with
	// $(NAME) expanded). When empty, nothing is written and changes of the
	// raw configuration only trigger reloads.
	ConfigOutputFile string
	// WatchedDirs are directories whose files (non-recursively) are part of
	// the state that Prometheus must reload on, such as rule ConfigMaps.
	WatchedDirs []string
	// NotifyDirs are watched for file-system events without being hashed:
	// normally the folder of the configuration file.
	NotifyDirs []string
	// Directories are kept up to date by the reloader itself (ConfigMaps
	// read from the API) and hashed like WatchedDirs.
	Directories []DirectorySource
	// WatchInterval is the period of the full check that backs up the
	// file-system notifications. Zero means: render the configuration once
	// and return (the init container).
	WatchInterval time.Duration
	// DelayInterval is how long the watched directories must stay quiet
	// after a notification before the reloader acts.
	DelayInterval time.Duration
	// RetryInterval is the first pause before a failed apply is retried;
	// later pauses double up to MaxRetryInterval.
	RetryInterval time.Duration
	// MaxRetryInterval caps the retry pause; zero means 4 × RetryInterval.
	MaxRetryInterval time.Duration
	// Trigger performs the reload; it must be set unless WatchInterval is 0.
	Trigger Trigger
	// Lookup resolves $(NAME) references; nil reads the environment.
	Lookup LookupFunc
	// Clock drives the timers; nil means the real clock.
	Clock clock.WithTicker
	// Logger receives the log; nil discards it.
	Logger *slog.Logger
	// Registerer receives the metrics; nil leaves them unregistered.
	Registerer prometheus.Registerer
}

// Reloader keeps a Prometheus server in line with its configuration: it
// renders the configuration file, watches it and the rule directories, and
// triggers a reload whenever what Prometheus would read has changed.
type Reloader struct {
	options Options
	clock   clock.WithTicker
	logger  *slog.Logger
	metrics *metrics
	notify  chan struct{}

	// The fields below are only used by the Run goroutine.
	applied        []byte
	lastUnresolved []string

	statusMutex sync.Mutex
	status      Status
}

// Status is a snapshot of the reloader's progress, for tests and tools.
type Status struct {
	// AppliedHash is the digest of the state last reloaded successfully.
	AppliedHash []byte
	// LastReloadTime is when the last successful reload returned.
	LastReloadTime time.Time
	// LastError is the error of the latest apply, nil after a success.
	LastError error
	// Reloads counts successful reloads.
	Reloads int
}

// New builds a Reloader from options, filling in defaults.
func New(options Options) (*Reloader, error) {
	if options.WatchInterval > 0 && options.Trigger == nil {
		return nil, errors.New("reloader: a Trigger is required unless WatchInterval is 0")
	}
	if options.RetryInterval <= 0 {
		options.RetryInterval = DefaultRetryInterval
	}
	if options.MaxRetryInterval < options.RetryInterval {
		options.MaxRetryInterval = 4 * options.RetryInterval
	}
	r := &Reloader{
		options: options,
		clock:   options.Clock,
		logger:  options.Logger,
		metrics: newMetrics(options.Registerer),
		notify:  make(chan struct{}, 1),
	}
	if r.clock == nil {
		r.clock = clock.RealClock{}
	}
	if r.logger == nil {
		r.logger = slog.New(slog.DiscardHandler)
	}
	return r, nil
}

// Notify asks the reloader to check its inputs now, without waiting for a
// file-system event or the periodic check. API watches call it. It never
// blocks, and several calls before the check collapse into one.
func (r *Reloader) Notify() { signal(r.notify) }

// Status returns a snapshot of the reloader's progress.
func (r *Reloader) Status() Status {
	r.statusMutex.Lock()
	defer r.statusMutex.Unlock()
	return r.status
}

// RecordAPIEvent counts a change delivered by an API watch of the given kind.
func (r *Reloader) RecordAPIEvent(kind string) { r.metrics.apiEvents.WithLabelValues(kind).Inc() }

// Run applies the configuration, then keeps watching and reloading until ctx
// ends. With a zero WatchInterval it writes the outputs (rendered
// configuration and mirrored folders) once and returns, without reloading:
// Prometheus is not running yet.
func (r *Reloader) Run(ctx context.Context) error {
	if r.options.WatchInterval <= 0 {
		_, err := r.currentState()
		return err
	}
	watcher, err := newDirWatcher(r.notifyTargets(), r.options.DelayInterval, r.clock, r.metrics, r.logger)
	if err != nil {
		return err
	}
	changes := make(chan struct{}, 1)
	var watcherDone sync.WaitGroup
	watcherDone.Go(func() { watcher.run(ctx, changes) })
	defer watcherDone.Wait()
	r.logger.Info("watching for configuration changes", "config", r.describeConfig(),
		"output", r.options.ConfigOutputFile, "dirs", r.options.WatchedDirs)
	return r.loop(ctx, changes)
}

// loop applies on every reason to look again and schedules retries after
// failures, until ctx ends.
func (r *Reloader) loop(ctx context.Context, changes <-chan struct{}) error {
	ticker := r.clock.NewTicker(r.options.WatchInterval)
	defer ticker.Stop()
	retries := backoff{initial: r.options.RetryInterval, maximum: r.options.MaxRetryInterval}
	var retryTimer clock.Timer
	var retryC <-chan time.Time
	for {
		if retryTimer != nil {
			retryTimer.Stop()
			retryTimer, retryC = nil, nil
		}
		if err := r.apply(ctx); err != nil && ctx.Err() == nil {
			pause := retries.Next()
			r.logger.Error("applying the configuration failed; will retry", "err", err, "retry_in", pause)
			retryTimer = r.clock.NewTimer(pause)
			retryC = retryTimer.C()
		} else {
			retries.Reset()
		}
		select {
		case <-ctx.Done():
			if retryTimer != nil {
				retryTimer.Stop()
			}
			return nil
		case <-ticker.C():
		case <-changes:
		case <-r.notify:
		case <-retryC:
		}
	}
}

// notifyTargets lists the directories whose file-system events matter.
func (r *Reloader) notifyTargets() []string {
	targets := append([]string(nil), r.options.NotifyDirs...)
	if source, ok := r.options.Config.(FileSource); ok {
		targets = append(targets, filepath.Dir(source.Path))
	}
	return append(targets, r.options.WatchedDirs...)
}

func (r *Reloader) describeConfig() string {
	if r.options.Config == nil {
		return "none"
	}
	return r.options.Config.String()
}

package reloader

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/fsnotify/fsnotify"
	"k8s.io/utils/clock"
)

// dirWatcher turns file-system notifications inside a set of directories into
// change signals, sent once the directories have been quiet for the delay.
// Directories are watched rather than files because a Kubernetes volume update
// replaces the `..data` symlink that every visible file points through: a
// watch on the old file would silently die with the swap.
type dirWatcher struct {
	watcher *fsnotify.Watcher
	dirs    map[string]bool
	delay   time.Duration
	clock   clock.WithTicker
	metrics *metrics
	logger  *slog.Logger
}

// newDirWatcher starts watching dirs. A directory that does not exist yet is
// skipped with a warning: the periodic check still covers it.
func newDirWatcher(dirs []string, delay time.Duration, clk clock.WithTicker, m *metrics, logger *slog.Logger) (*dirWatcher, error) {
	watcher, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, fmt.Errorf("create file-system watcher: %w", err)
	}
	w := &dirWatcher{watcher: watcher, dirs: map[string]bool{}, delay: delay, clock: clk, metrics: m, logger: logger}
	for _, dir := range dirs {
		dir = filepath.Clean(dir)
		if w.dirs[dir] {
			continue
		}
		if err := watcher.Add(dir); err != nil {
			if errors.Is(err, fs.ErrNotExist) || os.IsNotExist(err) {
				logger.Warn("watched directory does not exist; relying on the periodic check", "dir", dir)
				continue
			}
			_ = watcher.Close()
			return nil, fmt.Errorf("watch directory %s: %w", dir, err)
		}
		w.dirs[dir] = true
	}
	m.watches.Set(float64(len(w.dirs)))
	return w, nil
}

// run forwards debounced change signals to changes until ctx ends, then closes
// the watcher. changes should have a buffer of one: a signal that finds it full
// is dropped, since the pending one already asks for a check.
func (w *dirWatcher) run(ctx context.Context, changes chan<- struct{}) {
	defer func() {
		if err := w.watcher.Close(); err != nil {
			w.logger.Warn("closing the file-system watcher", "err", err)
		}
	}()
	var debounce clock.Timer
	var debounceC <-chan time.Time
	defer func() {
		if debounce != nil {
			debounce.Stop()
		}
	}()
	for {
		select {
		case <-ctx.Done():
			return
		case event, ok := <-w.watcher.Events:
			if !ok {
				return
			}
			w.metrics.watchEvents.Inc()
			if !w.relevant(event) {
				continue
			}
			if w.delay <= 0 {
				signal(changes)
				continue
			}
			if debounce == nil {
				debounce = w.clock.NewTimer(w.delay)
			} else {
				debounce.Stop()
				debounce.Reset(w.delay)
			}
			debounceC = debounce.C()
		case err, ok := <-w.watcher.Errors:
			if !ok {
				return
			}
			w.metrics.watchErrors.Inc()
			w.logger.Error("file-system watcher reported an error", "err", err)
		case <-debounceC:
			debounceC = nil
			signal(changes)
		}
	}
}

// relevant drops pure permission changes and events outside the watched
// directories.
func (w *dirWatcher) relevant(event fsnotify.Event) bool {
	if event.Op == fsnotify.Chmod {
		return false
	}
	return w.dirs[filepath.Dir(event.Name)]
}

// signal sends on a buffered channel without blocking.
func signal(ch chan<- struct{}) {
	select {
	case ch <- struct{}{}:
	default:
	}
}

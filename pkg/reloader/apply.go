package reloader

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
)

// outputFileMode lets Prometheus, which may run as another user, read the
// rendered configuration.
const outputFileMode = 0o644

// apply renders the inputs, and reloads Prometheus when the result differs
// from what it last reloaded successfully.
func (r *Reloader) apply(ctx context.Context) error {
	r.metrics.applyOperations.Inc()
	state, err := r.currentState()
	if err == nil && !bytes.Equal(state, r.applied) {
		err = r.reload(ctx, state)
	}
	r.statusMutex.Lock()
	r.status.LastError = err
	r.statusMutex.Unlock()
	if err != nil {
		r.metrics.applyFailures.Inc()
	}
	return err
}

// reload triggers Prometheus and records the outcome.
func (r *Reloader) reload(ctx context.Context, state []byte) error {
	r.metrics.reloads.Inc()
	if err := r.options.Trigger.Reload(ctx); err != nil {
		r.metrics.reloadFailures.Inc()
		r.metrics.lastReloadSuccessful.Set(0)
		return fmt.Errorf("reload prometheus: %w", err)
	}
	now := r.clock.Now()
	r.applied = state
	r.metrics.lastReloadSuccessful.Set(1)
	r.metrics.lastReloadSuccessTimestamp.Set(float64(now.UnixNano()) / 1e9)
	r.metrics.configHash.Set(hashGaugeValue(state))
	r.statusMutex.Lock()
	r.status.AppliedHash = state
	r.status.LastReloadTime = now
	r.status.Reloads++
	r.statusMutex.Unlock()
	r.logger.Info("prometheus reloaded", "state", hex.EncodeToString(state[:6]))
	return nil
}

// currentState brings every output up to date and returns a digest of what
// Prometheus would read: the configuration and the watched files.
func (r *Reloader) currentState() ([]byte, error) {
	config, err := r.renderConfig()
	if err != nil {
		return nil, err
	}
	dirs := append([]string(nil), r.options.WatchedDirs...)
	for _, directory := range r.options.Directories {
		if err := directory.Sync(); err != nil {
			return nil, fmt.Errorf("update %s: %w", directory.Dir(), err)
		}
		dirs = append(dirs, directory.Dir())
	}
	dirsDigest, err := HashDirectories(dirs)
	if err != nil {
		return nil, err
	}
	configDigest := sha256.Sum256(config)
	digest := sha256.New()
	writeField(digest, "config", hex.EncodeToString(configDigest[:]))
	writeField(digest, "dirs", hex.EncodeToString(dirsDigest))
	return digest.Sum(nil), nil
}

// renderConfig reads the configuration source, writes the rendered result to
// the output file when one is set, and returns the bytes that stand for the
// configuration in the state digest.
func (r *Reloader) renderConfig() ([]byte, error) {
	if r.options.Config == nil {
		return nil, nil
	}
	raw, err := r.options.Config.Read()
	if errors.Is(err, ErrNoConfig) {
		// Nothing received yet (API mode just started): whatever the init
		// container wrote stays in force.
		return r.readExistingOutput()
	}
	if err != nil {
		return nil, err
	}
	if r.options.ConfigOutputFile == "" {
		return raw, nil
	}
	rendered, unresolved, err := RenderConfig(raw, r.options.Lookup)
	if err != nil {
		return nil, fmt.Errorf("render configuration from %s: %w", r.options.Config, err)
	}
	r.reportUnresolved(unresolved)
	written, err := writeFileIfChanged(r.options.ConfigOutputFile, rendered, outputFileMode)
	if err != nil {
		return nil, fmt.Errorf("write rendered configuration: %w", err)
	}
	if written {
		r.logger.Debug("rendered configuration written", "file", r.options.ConfigOutputFile, "bytes", len(rendered))
	}
	return rendered, nil
}

func (r *Reloader) readExistingOutput() ([]byte, error) {
	if r.options.ConfigOutputFile == "" {
		return nil, nil
	}
	data, err := os.ReadFile(r.options.ConfigOutputFile)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read current rendered configuration: %w", err)
	}
	return data, nil
}

// reportUnresolved logs unset variables when the set of them changes; they
// are left in place, as upstream does, since Prometheus may not need them.
func (r *Reloader) reportUnresolved(unresolved []string) {
	r.metrics.unresolvedVariables.Set(float64(len(unresolved)))
	if slices.Equal(unresolved, r.lastUnresolved) {
		return
	}
	r.lastUnresolved = unresolved
	if len(unresolved) > 0 {
		r.logger.Warn("configuration references unset environment variables; left unexpanded",
			"variables", unresolved)
	}
}

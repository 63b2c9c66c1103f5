package reloader

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// configMapDirectory mirrors the keys of one ConfigMap as files in a
// directory. Watch handlers record the latest data with set or clear; the
// reloader writes it to disk with Sync from its own loop.
type configMapDirectory struct {
	dir string

	mutex   sync.Mutex
	files   map[string][]byte
	pending bool
}

func newConfigMapDirectory(dir string) *configMapDirectory {
	return &configMapDirectory{dir: dir}
}

// Dir implements DirectorySource.
func (d *configMapDirectory) Dir() string { return d.dir }

// set records the ConfigMap's data (text and binary keys together).
func (d *configMapDirectory) set(data map[string]string, binaryData map[string][]byte) {
	files := make(map[string][]byte, len(data)+len(binaryData))
	for key, value := range data {
		files[key] = []byte(value)
	}
	for key, value := range binaryData {
		files[key] = append([]byte(nil), value...)
	}
	d.mutex.Lock()
	defer d.mutex.Unlock()
	d.files, d.pending = files, true
}

// clear records that the ConfigMap does not exist: the directory is emptied,
// as an optional ConfigMap volume would be.
func (d *configMapDirectory) clear() { d.set(nil, nil) }

// clearIfUnknown clears the directory unless some data was already recorded.
func (d *configMapDirectory) clearIfUnknown() {
	d.mutex.Lock()
	known := d.files != nil
	d.mutex.Unlock()
	if !known {
		d.clear()
	}
}

// Sync implements DirectorySource: it writes every key as a file (atomically,
// and only when its content changed) and removes files that are no longer
// keys. Until the watch has delivered anything, the directory is left alone.
func (d *configMapDirectory) Sync() error {
	d.mutex.Lock()
	files, pending := d.files, d.pending
	d.pending = false
	d.mutex.Unlock()
	if !pending {
		return nil
	}
	if err := d.write(files); err != nil {
		d.mutex.Lock()
		d.pending = true // try again on the next apply
		d.mutex.Unlock()
		return err
	}
	return nil
}

func (d *configMapDirectory) write(files map[string][]byte) error {
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return fmt.Errorf("create directory %s: %w", d.dir, err)
	}
	for key, content := range files {
		if !safeFileName(key) {
			continue
		}
		if _, err := writeFileIfChanged(filepath.Join(d.dir, key), content, outputFileMode); err != nil {
			return err
		}
	}
	entries, err := os.ReadDir(d.dir)
	if err != nil {
		return fmt.Errorf("list directory %s: %w", d.dir, err)
	}
	for _, entry := range entries {
		if _, keep := files[entry.Name()]; keep || !entry.Type().IsRegular() {
			continue
		}
		if err := os.Remove(filepath.Join(d.dir, entry.Name())); err != nil && !os.IsNotExist(err) {
			return fmt.Errorf("remove stale file: %w", err)
		}
	}
	return nil
}

// safeFileName rejects keys that could escape the directory or collide with
// the kubelet's internal names. The API server already forbids most of them.
func safeFileName(key string) bool {
	return key != "" && key != "." && !strings.HasPrefix(key, "..") && !strings.ContainsAny(key, `/\`)
}

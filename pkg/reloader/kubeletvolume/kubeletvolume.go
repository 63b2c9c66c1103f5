// Package kubeletvolume imitates how the kubelet updates a Secret or
// ConfigMap volume, for tests and measurements of the reloader. The kubelet
// never edits files in place: it writes the new version into a fresh hidden
// folder, points a temporary symlink at it, renames that symlink over
// `..data` (an atomic swap), keeps one visible symlink per key pointing
// through `..data`, and finally removes the previous folder.
package kubeletvolume

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"time"
)

const dataLink = "..data"

// generation makes every version folder name unique within the process.
var generation atomic.Uint64

// Write makes dir show exactly files (name to content) the way a kubelet
// volume update does. It creates dir when needed.
func Write(dir string, files map[string][]byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("create volume folder %s: %w", dir, err)
	}
	previous, _ := os.Readlink(filepath.Join(dir, dataLink))
	version := fmt.Sprintf("..%s.%d", time.Now().UTC().Format("2006_01_02_15_04_05.000000000"), generation.Add(1))
	if err := writeVersion(filepath.Join(dir, version), files); err != nil {
		return err
	}
	temporaryLink := filepath.Join(dir, dataLink+"_tmp")
	_ = os.Remove(temporaryLink)
	if err := os.Symlink(version, temporaryLink); err != nil {
		return fmt.Errorf("link new version: %w", err)
	}
	if err := os.Rename(temporaryLink, filepath.Join(dir, dataLink)); err != nil {
		return fmt.Errorf("swap %s: %w", dataLink, err)
	}
	if err := updateVisibleLinks(dir, files); err != nil {
		return err
	}
	if previous != "" && previous != version {
		if err := os.RemoveAll(filepath.Join(dir, previous)); err != nil {
			return fmt.Errorf("remove previous version: %w", err)
		}
	}
	return nil
}

func writeVersion(versionDir string, files map[string][]byte) error {
	if err := os.Mkdir(versionDir, 0o755); err != nil {
		return fmt.Errorf("create version folder: %w", err)
	}
	for name, content := range files {
		if err := os.WriteFile(filepath.Join(versionDir, name), content, 0o644); err != nil {
			return fmt.Errorf("write %s: %w", name, err)
		}
	}
	return nil
}

// updateVisibleLinks adds a `name -> ..data/name` symlink per key and drops
// those of keys that are gone.
func updateVisibleLinks(dir string, files map[string][]byte) error {
	for name := range files {
		link := filepath.Join(dir, name)
		if _, err := os.Lstat(link); err == nil {
			continue
		}
		if err := os.Symlink(filepath.Join(dataLink, name), link); err != nil {
			return fmt.Errorf("link %s: %w", name, err)
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("list volume folder: %w", err)
	}
	for _, entry := range entries {
		name := entry.Name()
		if _, keep := files[name]; keep || strings.HasPrefix(name, "..") {
			continue
		}
		if err := os.Remove(filepath.Join(dir, name)); err != nil {
			return fmt.Errorf("remove link %s: %w", name, err)
		}
	}
	return nil
}

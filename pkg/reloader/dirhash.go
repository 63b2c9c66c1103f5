package reloader

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// isKubeletInternal reports whether a directory entry belongs to the
// machinery of a Kubernetes ConfigMap or Secret volume: the `..data` symlink
// and the timestamped `..2024_01_02_...` directories it points to. Their names
// change on every update even when no visible file did, so they are skipped.
func isKubeletInternal(name string) bool {
	return strings.HasPrefix(name, "..")
}

// HashDirectories returns a digest of the regular files directly inside each
// directory (not recursing), following symlinks, so that it changes exactly
// when a file a reader would see is added, removed, renamed or edited. This
// works for Kubernetes volumes, where an update swaps the `..data` symlink and
// the visible names are symlinks through it. A directory that does not exist
// counts as empty, as an optional ConfigMap volume would be.
func HashDirectories(dirs []string) ([]byte, error) {
	digest := sha256.New()
	for _, dir := range dirs {
		if err := hashDirectory(digest, dir); err != nil {
			return nil, err
		}
	}
	return digest.Sum(nil), nil
}

func hashDirectory(digest hash.Hash, dir string) error {
	writeField(digest, "dir", dir)
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		writeField(digest, "missing", dir)
		return nil
	}
	if err != nil {
		return fmt.Errorf("list watched directory %s: %w", dir, err)
	}
	for _, entry := range entries {
		if isKubeletInternal(entry.Name()) {
			continue
		}
		path := filepath.Join(dir, entry.Name())
		info, err := os.Stat(path)
		if errors.Is(err, fs.ErrNotExist) {
			// A dangling symlink, for instance mid-swap: nothing to read.
			continue
		}
		if err != nil {
			return fmt.Errorf("stat %s: %w", path, err)
		}
		if !info.Mode().IsRegular() {
			continue
		}
		if err := hashFile(digest, path, entry.Name()); err != nil {
			return err
		}
	}
	return nil
}

func hashFile(digest hash.Hash, path, name string) error {
	file, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("open %s: %w", path, err)
	}
	// Opened read-only: a failed close loses nothing, and a failed read is reported below.
	defer func() { _ = file.Close() }()
	content := sha256.New()
	if _, err := io.Copy(content, file); err != nil {
		return fmt.Errorf("read %s: %w", path, err)
	}
	writeField(digest, "file", name)
	writeField(digest, "sha256", hex.EncodeToString(content.Sum(nil)))
	return nil
}

// writeField adds a labelled, length-prefixed value to the digest.
func writeField(digest hash.Hash, label, value string) {
	fmt.Fprintf(digest, "%s:%d:%s\x00", label, len(value), value)
}

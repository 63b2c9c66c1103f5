package reloader

import (
	"errors"
	"sync"

	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
)

// ErrNoConfig is returned by a ConfigSource that has not received any
// configuration yet.
var ErrNoConfig = errors.New("no configuration received yet")

// ConfigSource supplies the raw (plain or gzipped) Prometheus configuration.
type ConfigSource interface {
	// Read returns the current raw configuration, or ErrNoConfig.
	Read() ([]byte, error)
	// String names the source in logs.
	String() string
}

// FileSource reads the configuration from a file, typically a mounted
// Secret volume. When the file has a manifest beside it (a configuration
// split across several Secrets projected into one folder, see package
// configparts), the pieces are joined; pieces of different versions (the
// kubelet refreshing one Secret before another) fail the read with
// configparts.ErrInconsistent, and the reloader reads again later.
type FileSource struct {
	// Path is the file to read.
	Path string
}

// Read implements ConfigSource.
func (s FileSource) Read() ([]byte, error) {
	return configparts.ReadFile(s.Path)
}

// String implements ConfigSource.
func (s FileSource) String() string { return "file " + s.Path }

// MemorySource holds the configuration last handed to it, for sources that
// push rather than being polled, such as a Kubernetes API watch. It is safe
// for concurrent use.
type MemorySource struct {
	// Name describes where the data comes from, for logs.
	Name string

	mutex sync.Mutex
	data  []byte
	set   bool
}

// Set stores data as the current configuration.
func (s *MemorySource) Set(data []byte) {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	s.data = append([]byte(nil), data...)
	s.set = true
}

// Read implements ConfigSource.
func (s *MemorySource) Read() ([]byte, error) {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	if !s.set {
		return nil, ErrNoConfig
	}
	return s.data, nil
}

// String implements ConfigSource.
func (s *MemorySource) String() string { return s.Name }

// DirectorySource keeps a directory's files in line with data received from
// elsewhere (a watched ConfigMap). The reloader calls Sync from its own loop,
// just before it hashes the directory, so files are never half-written when a
// reload is decided.
type DirectorySource interface {
	// Dir is the directory Sync writes to.
	Dir() string
	// Sync brings the directory up to date.
	Sync() error
}

package reloader

import (
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
)

// IsGzipped reports whether data starts with the gzip header.
func IsGzipped(data []byte) bool {
	return gzipped.Is(data)
}

// DecompressIfGzipped returns data unchanged unless it starts with the gzip
// header, in which case it returns the decompressed bytes. More than
// gzipped.MaxSize bytes of output is an error: a small hostile stream must
// not exhaust the reloader's memory.
func DecompressIfGzipped(data []byte) ([]byte, error) {
	if !IsGzipped(data) {
		return data, nil
	}
	return gzipped.Decompress(data, gzipped.MaxSize)
}

// RenderConfig turns the raw bytes of a configuration source (plain or
// gzipped) into what Prometheus reads: decompressed, with `$(NAME)` references
// replaced from lookup. Unset variables are returned in unresolved.
func RenderConfig(raw []byte, lookup LookupFunc) (rendered []byte, unresolved []string, err error) {
	plain, err := DecompressIfGzipped(raw)
	if err != nil {
		return nil, nil, err
	}
	rendered, unresolved = ExpandEnv(plain, lookup)
	return rendered, unresolved, nil
}

package reloader

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"io"
)

// gzipMagic is the header every gzip member starts with: the two identifying
// bytes followed by the "deflate" compression method.
var gzipMagic = []byte{0x1f, 0x8b, 0x08}

// IsGzipped reports whether data starts with the gzip header.
func IsGzipped(data []byte) bool {
	return bytes.HasPrefix(data, gzipMagic)
}

// DecompressIfGzipped returns data unchanged unless it starts with the gzip
// header, in which case it returns the decompressed bytes.
func DecompressIfGzipped(data []byte) ([]byte, error) {
	if !IsGzipped(data) {
		return data, nil
	}
	reader, err := gzip.NewReader(bytes.NewReader(data))
	if err != nil {
		return nil, fmt.Errorf("open gzip stream: %w", err)
	}
	defer reader.Close()
	plain, err := io.ReadAll(reader)
	if err != nil {
		return nil, fmt.Errorf("decompress gzip stream: %w", err)
	}
	return plain, nil
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

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package gzipped compresses and decompresses the gzipped configuration the
// operator writes and the config reloader reads. Decompression is bounded:
// a small stream that inflates to gigabytes fails with ErrTooLarge instead
// of exhausting the memory of whoever reads it.
package gzipped

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
)

// MaxSize is the largest decompressed content accepted by Decompress: far
// above any real configuration (a Secret holds at most 1 MiB compressed),
// far below what a crafted stream can inflate to.
const MaxSize = 64 << 20

// ErrTooLarge is returned when the decompressed content exceeds the limit.
var ErrTooLarge = errors.New("decompressed content too large")

// magic is the header every gzip member starts with: the two identifying
// bytes followed by the "deflate" compression method.
var magic = []byte{0x1f, 0x8b, 0x08}

// Is reports whether data starts with the gzip header.
func Is(data []byte) bool {
	return bytes.HasPrefix(data, magic)
}

// Compress gzips data. The header carries no name or time, so equal input
// gives equal bytes.
func Compress(data []byte) ([]byte, error) {
	var buffer bytes.Buffer
	writer := gzip.NewWriter(&buffer)
	if _, err := writer.Write(data); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if err := writer.Close(); err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	return buffer.Bytes(), nil
}

// Decompress returns the content of the gzip stream compressed, failing
// with ErrTooLarge once more than limit bytes come out.
func Decompress(compressed []byte, limit int64) ([]byte, error) {
	reader, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return nil, fmt.Errorf("open gzip stream: %w", err)
	}
	// Close only reports the stream's own error, which the read below returns.
	defer func() { _ = reader.Close() }()
	// One byte more than the limit tells "exactly the limit" from "above".
	plain, err := io.ReadAll(io.LimitReader(reader, limit+1))
	if err != nil {
		return nil, fmt.Errorf("decompress gzip stream: %w", err)
	}
	if int64(len(plain)) > limit {
		return nil, fmt.Errorf("%w: more than %d bytes", ErrTooLarge, limit)
	}
	return plain, nil
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package gzippedtest builds hostile gzip streams for tests.
package gzippedtest

import (
	"bytes"
	"compress/gzip"
	"testing"
)

// memberSize is how much one gzip member of the bomb inflates to.
const memberSize = 1 << 20

// Bomb returns a gzip stream of about size/1000 bytes that inflates to at
// least size bytes of zeros: copies of one gzip member of 1 MiB of zeros,
// which readers of multi-member streams (Go's included) concatenate.
func Bomb(t testing.TB, size int64) []byte {
	t.Helper()
	var member bytes.Buffer
	writer, err := gzip.NewWriterLevel(&member, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := writer.Write(make([]byte, memberSize)); err != nil {
		t.Fatal(err)
	}
	if err := writer.Close(); err != nil {
		t.Fatal(err)
	}
	count := (size + memberSize - 1) / memberSize
	return bytes.Repeat(member.Bytes(), int(count))
}

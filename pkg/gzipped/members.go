// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package gzipped

import (
	"bytes"
	"fmt"
	"io"
	"sync"

	kgzip "github.com/klauspost/compress/gzip"
)

// MemberLevel is the deflate level of the members AppendMember writes,
// chosen by BenchmarkCompress: see the package README for the figures.
const MemberLevel = 5

// writers recycles member writers: a deflate writer carries hundreds of
// kilobytes of tables, too many to allocate per member.
var writers = sync.Pool{New: func() any {
	writer, err := kgzip.NewWriterLevel(io.Discard, MemberLevel)
	if err != nil {
		panic(fmt.Sprintf("gzip level %d: %v", MemberLevel, err))
	}
	return writer
}}

// AppendMember appends to dst one gzip member (RFC 1952) holding data,
// with no name and no time in its header, so that equal input gives equal
// bytes. Members concatenated form one gzip stream whose content is the
// concatenation of theirs: Go's gzip.Reader, which upstream's config
// reloader uses, reads such streams whole by default.
func AppendMember(dst, data []byte) ([]byte, error) {
	buffer := bytes.NewBuffer(dst)
	writer := writers.Get().(*kgzip.Writer)
	defer writers.Put(writer)
	writer.Reset(buffer)
	if _, err := writer.Write(data); err != nil {
		return nil, fmt.Errorf("gzip member: %w", err)
	}
	if err := writer.Close(); err != nil {
		return nil, fmt.Errorf("gzip member: %w", err)
	}
	return buffer.Bytes(), nil
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package gzipped

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped/gzippedtest"
)

func TestRoundTrip(t *testing.T) {
	compressed, err := Compress([]byte("global: {}\n"))
	require.NoError(t, err)
	assert.True(t, Is(compressed))
	again, err := Compress([]byte("global: {}\n"))
	require.NoError(t, err)
	assert.Equal(t, compressed, again, "equal input, equal bytes")
	plain, err := Decompress(compressed, MaxSize)
	require.NoError(t, err)
	assert.Equal(t, "global: {}\n", string(plain))
}

func TestTheLimitIsInclusive(t *testing.T) {
	compressed, err := Compress(make([]byte, 100))
	require.NoError(t, err)
	_, err = Decompress(compressed, 100)
	require.NoError(t, err)
	_, err = Decompress(compressed, 99)
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestNotGzipIsAnError(t *testing.T) {
	assert.False(t, Is([]byte("global: {}")))
	_, err := Decompress([]byte("global: {}"), MaxSize)
	require.ErrorContains(t, err, "open gzip stream")
}

func TestABombFailsCleanly(t *testing.T) {
	bomb := gzippedtest.Bomb(t, 4<<30)
	assert.Less(t, len(bomb), 8<<20, "the bomb is small")
	_, err := Decompress(bomb, MaxSize)
	require.ErrorIs(t, err, ErrTooLarge)
}

func TestMembersReadAsOneStream(t *testing.T) {
	var stream []byte
	var err error
	for _, part := range []string{"global: {}\n", "", "scrape_configs:\n- job_name: a\n"} {
		stream, err = AppendMember(stream, []byte(part))
		require.NoError(t, err)
	}
	assert.True(t, Is(stream))
	plain, err := Decompress(stream, MaxSize)
	require.NoError(t, err)
	assert.Equal(t, "global: {}\nscrape_configs:\n- job_name: a\n", string(plain))
	again, err := AppendMember(nil, []byte("global: {}\n"))
	require.NoError(t, err)
	assert.Equal(t, stream[:len(again)], again, "equal input, equal member bytes")
}

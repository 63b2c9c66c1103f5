// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package assets

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestTLSAssetsAreShardedUnderTheSecretLimit(t *testing.T) {
	large := strings.Repeat("x", MaxTLSAssetsShardSize/2)
	files := []TLSAsset{{Key: "0_a", Data: large}, {Key: "0_b", Data: large}, {Key: "0_c", Data: "small"}}
	shards := ShardTLSAssets(files)
	require.Len(t, shards, 2)
	require.Contains(t, shards[0], "0_a")
	require.Contains(t, shards[1], "0_b")
	require.Contains(t, shards[1], "0_c")
	require.Len(t, ShardTLSAssets(nil), 1, "shard 0 always exists: the pods mount it")
}

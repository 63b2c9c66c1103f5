//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package scale

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestSummaryKeepsJobCountSizeAndMarkers(t *testing.T) {
	config := `scrape_configs:
- job_name: serviceMonitor/ns/sm-0000/0
  relabel_configs:
  - target_label: bench_generation
    replacement: benchgen0002
- job_name: serviceMonitor/ns/sm-0000/1
- job_name: podMonitor/ns/pm/0
  relabel_configs:
  - replacement: benchgen0002
`
	line := summarize(config)
	summary := parseSummary(line)
	assert.Equal(t, 2, summary.jobs, "only ServiceMonitor jobs count")
	assert.Equal(t, len(config), summary.bytes)
	assert.Equal(t, []string{"benchgen0002"}, summary.markers, "markers are distinct")
	assert.True(t, hasJobs(2)(line))
	assert.False(t, hasJobs(3)(line))
	assert.True(t, hasMarker(marker(2))(line))
	assert.False(t, hasMarker(marker(20))(line), "benchgen0020 is not benchgen0002")
}

func TestFindMarkersIgnoresThePrefixWithoutDigits(t *testing.T) {
	assert.Equal(t, []string{"benchgen0001", "benchgen0010"}, findMarkers("benchgen benchgen0010 x benchgen0001"))
	assert.Empty(t, findMarkers("nothing here"))
}

func TestOneMonitorInTenAuthenticatesStartingWithTheFirst(t *testing.T) {
	assert.True(t, authenticated(0, 10), "the edited monitor uses basic auth")
	assert.False(t, authenticated(9, 10))
	assert.True(t, authenticated(10, 10))
	assert.False(t, authenticated(0, 0), "0 turns basic auth off")
	assert.Equal(t, 100, authenticatedCount(1000, 10))
	assert.Equal(t, 1000, authenticatedCount(10000, 10))
	assert.Equal(t, 2, authenticatedCount(11, 10))
	assert.Equal(t, 0, authenticatedCount(1000, 0))
}

func TestScaleMonitorHasTheConfiguredEndpointsAndSecret(t *testing.T) {
	monitor := scaleMonitor(20)
	assert.Len(t, monitor.Spec.Endpoints, *endpointCount)
	for _, endpoint := range monitor.Spec.Endpoints {
		if assert.NotNil(t, endpoint.BasicAuth) {
			assert.Equal(t, basicAuthSecretName(2), endpoint.BasicAuth.Password.Name)
		}
	}
	assert.Nil(t, scaleMonitor(21).Spec.Endpoints[0].BasicAuth)
	assert.Equal(t, "web-1", monitor.Spec.Endpoints[1].Port, "endpoint ports differ, so jobs do")
}

//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package benchenv

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestPercentileUsesTheNearestRank(t *testing.T) {
	var samples Durations
	for i := 10; i >= 1; i-- {
		samples = append(samples, time.Duration(i)*time.Millisecond)
	}
	assert.Equal(t, 5*time.Millisecond, samples.Percentile(0.5))
	assert.Equal(t, 9*time.Millisecond, samples.Percentile(0.9))
	assert.Equal(t, 10*time.Millisecond, samples.Percentile(1))
	assert.Equal(t, time.Duration(0), Durations(nil).Percentile(0.5))
}

const exposition = `# HELP requests_total Requests.
# TYPE requests_total counter
requests_total{code="200"} 15
requests_total{code="429"} 3
requests_total_other 100
go_memstats_heap_inuse_bytes 1.2e+07
`

func TestSumMetricAddsEverySampleOfTheFamilyOnly(t *testing.T) {
	sum, found := SumMetric(exposition, "requests_total")
	assert.True(t, found)
	assert.Equal(t, 18.0, sum, "requests_total_other is another family")
	_, found = SumMetric(exposition, "absent_total")
	assert.False(t, found)
}

func TestMetricValueReadsAnUnlabelledSample(t *testing.T) {
	value, err := MetricValue(exposition, "go_memstats_heap_inuse_bytes")
	require.NoError(t, err)
	assert.Equal(t, 1.2e7, value)
	_, err = MetricValue(exposition, "go_memstats_heap_alloc_bytes")
	assert.Error(t, err)
}

func TestTimelineFirstReturnsTheEarliestMatchAndWaitsForOne(t *testing.T) {
	timeline := NewTimeline()
	start := time.Now()
	timeline.Add(Observation{At: start, Config: "a"})
	timeline.Add(Observation{At: start.Add(time.Second), Config: "b1"})
	timeline.Add(Observation{At: start.Add(2 * time.Second), Config: "b2"})
	found, err := timeline.First(context.Background(), time.Second, Contains("b"))
	require.NoError(t, err)
	assert.Equal(t, "b1", found.Config)

	go func() {
		time.Sleep(20 * time.Millisecond)
		timeline.Add(Observation{At: time.Now(), Config: "c"})
	}()
	found, err = timeline.First(context.Background(), 10*time.Second, Contains("c"))
	require.NoError(t, err)
	assert.Equal(t, "c", found.Config)

	_, err = timeline.First(context.Background(), 10*time.Millisecond, Contains("never"))
	assert.Error(t, err)
}

func TestCountJobsCountsServiceMonitorJobs(t *testing.T) {
	config := "scrape_configs:\n- job_name: serviceMonitor/ns/a/0\n- job_name: podMonitor/ns/b/0\n- job_name: serviceMonitor/ns/c/0\n"
	assert.Equal(t, 2, CountJobs(config))
}

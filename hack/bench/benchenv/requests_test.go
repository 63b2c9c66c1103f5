//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package benchenv

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestSamplesReadLabelsAndValues(t *testing.T) {
	exposition := `# TYPE apiserver_request_total counter
apiserver_request_total{code="200",resource="secrets",subresource="",verb="GET"} 7
apiserver_request_total{code="201",resource="servicemonitors",subresource="status",verb="PUT"} 2
apiserver_request_total{code="200",resource="leases",verb="PUT",note="a \"quoted\", comma"} 3
apiserver_request_total_other{verb="GET"} 100
`
	samples := Samples(exposition, "apiserver_request_total")
	require.Len(t, samples, 3, "another family with the same prefix is left out")
	assert.Equal(t, "secrets", samples[0].Labels["resource"])
	assert.Equal(t, 7.0, samples[0].Value)
	assert.Equal(t, `a "quoted", comma`, samples[2].Labels["note"])

	counts := apiServerRequestCounts(exposition)
	assert.Equal(t, RequestCounts{"GET secrets": 7, "PUT servicemonitors/status": 2, "PUT leases": 3}, counts)
}

func TestRequestCountsDiffAndWrites(t *testing.T) {
	before := RequestCounts{"GET": 10, "PUT": 4}
	after := RequestCounts{"GET": 13, "PUT": 4, "POST": 1, "PATCH statefulsets": 2}
	delta := after.Sub(before)
	assert.Equal(t, RequestCounts{"GET": 3, "POST": 1, "PATCH statefulsets": 2}, delta, "unchanged counters are left out")
	assert.Equal(t, 3.0, delta.Total(IsWrite))
	assert.Equal(t, 6.0, delta.Total(nil))
	assert.Equal(t, "GET=3, PATCH statefulsets=2, POST=1", delta.String())
	assert.Equal(t, "none", RequestCounts{}.String())
}

func TestOperatorRequestsAddUpByMethod(t *testing.T) {
	exposition := `prometheus_operator_kubernetes_client_http_requests_total{host="h",method="GET",status_code="200"} 5
prometheus_operator_kubernetes_client_http_requests_total{host="h",method="GET",status_code="404"} 2
prometheus_operator_kubernetes_client_http_requests_total{host="h",method="PUT",status_code="200"} 1
`
	assert.Equal(t, RequestCounts{"GET": 7, "PUT": 1}, OperatorRequests(exposition))
}

func TestProcessCPUAddsUserAndSystemTime(t *testing.T) {
	// pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
	stat := "4242 (op (x) y) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 75 0 0 20 0 12 0 100 0 0"
	used, err := parseProcessCPU(stat)
	require.NoError(t, err)
	assert.Equal(t, 3250*time.Millisecond, used, "(250+75) ticks of 10 ms; the name holds spaces and parentheses")
	_, err = parseProcessCPU("4242 (op) S 1")
	assert.Error(t, err)
}

func TestMemStatsValueReadsTheTrailer(t *testing.T) {
	profile := "heap profile: ...\n# runtime.MemStats\n# HeapAlloc = 1048576\n# HeapInuse = 2097152\n"
	value, err := memStatsValue(profile, "HeapInuse")
	require.NoError(t, err)
	assert.Equal(t, 2097152.0, value)
	_, err = memStatsValue(profile, "Sys")
	assert.Error(t, err)
}

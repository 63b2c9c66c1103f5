// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/util/intstr"
)

func TestPrometheusRuleManifestsRoundTrip(t *testing.T) {
	assertConfigResourceRoundTrips(t, "prometheusrule", func() any { return &PrometheusRule{} })
}

func TestPrometheusRuleManifestsCoverEveryField(t *testing.T) {
	assertManifestsCoverType(t, "prometheusrule", &PrometheusRule{})
}

func TestPrometheusRuleDecodesGroupsAndRules(t *testing.T) {
	var rule PrometheusRule
	decodeConfigResourceStrictly(t, "testdata/prometheusrule-full.yaml", &rule)
	require.Len(t, rule.Spec.Groups, 2)

	recording := rule.Spec.Groups[0]
	assert.Equal(t, Duration("1m"), *recording.Interval)
	assert.Equal(t, Duration("30s"), *recording.QueryOffset)
	assert.Equal(t, "job:http_requests:rate5m", recording.Rules[0].Record)
	assert.Equal(t, intstr.String, recording.Rules[0].Expr.Type)

	alerting := rule.Spec.Groups[1]
	assert.Equal(t, "warn", alerting.PartialResponseStrategy)
	assert.Equal(t, 50, *alerting.Limit)
	assert.Equal(t, NonEmptyDuration("5m"), *alerting.Rules[0].KeepFiringFor)
	assert.Contains(t, alerting.Rules[0].Expr.String(), `code=~"5.."`)
	// A bare number is a valid PromQL expression and stays a number.
	assert.Equal(t, intstr.FromInt32(1), alerting.Rules[1].Expr)
}

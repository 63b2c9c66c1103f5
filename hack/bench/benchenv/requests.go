//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package benchenv

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strconv"
	"strings"

	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/rest"
)

// Sample is one line of a Prometheus text exposition.
type Sample struct {
	// Labels are the sample's label pairs.
	Labels map[string]string
	// Value is the sample's value.
	Value float64
}

// Samples returns every sample of the metric family name in a Prometheus
// text exposition. Lines that do not parse are skipped.
func Samples(exposition, name string) []Sample {
	var out []Sample
	for line := range strings.SplitSeq(exposition, "\n") {
		rest, matched := strings.CutPrefix(line, name)
		if !matched || (!strings.HasPrefix(rest, " ") && !strings.HasPrefix(rest, "{")) {
			continue
		}
		labels := map[string]string{}
		if strings.HasPrefix(rest, "{") {
			parsed, after, err := parseLabels(rest[1:])
			if err != nil {
				continue
			}
			labels, rest = parsed, after
		}
		fields := strings.Fields(rest)
		if len(fields) == 0 {
			continue
		}
		value, err := strconv.ParseFloat(fields[0], 64)
		if err != nil {
			continue
		}
		out = append(out, Sample{Labels: labels, Value: value})
	}
	return out
}

// parseLabels reads `a="x",b="y"}` and returns the pairs and what follows
// the closing brace.
func parseLabels(text string) (map[string]string, string, error) {
	labels := map[string]string{}
	for {
		text = strings.TrimLeft(text, " ,")
		if rest, found := strings.CutPrefix(text, "}"); found {
			return labels, rest, nil
		}
		name, rest, found := strings.Cut(text, "=\"")
		if !found || name == "" {
			return nil, "", fmt.Errorf("no label at %q", text)
		}
		var value strings.Builder
		i := 0
		for ; i < len(rest) && rest[i] != '"'; i++ {
			if rest[i] == '\\' && i+1 < len(rest) {
				i++
				if rest[i] == 'n' {
					value.WriteByte('\n')
					continue
				}
			}
			value.WriteByte(rest[i])
		}
		if i == len(rest) {
			return nil, "", fmt.Errorf("unterminated value of label %s", name)
		}
		labels[strings.TrimSpace(name)] = value.String()
		text = rest[i+1:]
	}
}

// RequestCounts are request counters keyed by a label combination, such as
// "GET secrets" or "PUT".
type RequestCounts map[string]float64

// Sub returns the counts that grew since earlier, by how much.
func (c RequestCounts) Sub(earlier RequestCounts) RequestCounts {
	out := RequestCounts{}
	for key, value := range c {
		if delta := value - earlier[key]; delta > 0 {
			out[key] = delta
		}
	}
	return out
}

// Total adds up the counts whose key passes keep (every count when keep is
// nil).
func (c RequestCounts) Total(keep func(key string) bool) float64 {
	var sum float64
	for key, value := range c {
		if keep == nil || keep(key) {
			sum += value
		}
	}
	return sum
}

// String lists the counts in key order, e.g. "GET secrets=3, PUT statefulsets=1".
func (c RequestCounts) String() string {
	if len(c) == 0 {
		return "none"
	}
	parts := make([]string, 0, len(c))
	for _, key := range slices.Sorted(maps.Keys(c)) {
		parts = append(parts, fmt.Sprintf("%s=%g", key, c[key]))
	}
	return strings.Join(parts, ", ")
}

// writeVerbs are the HTTP methods (client side) and the verbs of
// apiserver_request_total (server side) that change objects.
var writeVerbs = []string{"POST", "PUT", "PATCH", "DELETE", "APPLY", "DELETECOLLECTION", "CREATE", "UPDATE"}

// IsWrite reports whether a key ("PUT" or "PUT statefulsets") counts writes.
func IsWrite(key string) bool {
	verb, _, _ := strings.Cut(key, " ")
	return slices.Contains(writeVerbs, verb)
}

// OperatorRequestsMetric counts the operator's own API requests by status
// code, method and host.
const OperatorRequestsMetric = "prometheus_operator_kubernetes_client_http_requests_total"

// OperatorRequests reads the operator's own API request counter from its
// /metrics text, keyed by HTTP method. Only the operator's requests are in
// it, whatever else talks to the API server.
func OperatorRequests(exposition string) RequestCounts {
	counts := RequestCounts{}
	for _, sample := range Samples(exposition, OperatorRequestsMetric) {
		counts[sample.Labels["method"]] += sample.Value
	}
	return counts
}

// APIServerRequests reads kube-apiserver's apiserver_request_total, keyed
// by "<verb> <resource>[/<subresource>]". It counts every client's
// requests, including the API server's own lease renewals.
func APIServerRequests(ctx context.Context, config *rest.Config) (RequestCounts, error) {
	client, err := kubernetes.NewForConfig(rest.CopyConfig(config))
	if err != nil {
		return nil, fmt.Errorf("creating a client for /metrics: %w", err)
	}
	body, err := client.Discovery().RESTClient().Get().AbsPath("/metrics").DoRaw(ctx)
	if err != nil {
		return nil, fmt.Errorf("reading kube-apiserver metrics: %w", err)
	}
	return apiServerRequestCounts(string(body)), nil
}

func apiServerRequestCounts(exposition string) RequestCounts {
	counts := RequestCounts{}
	for _, sample := range Samples(exposition, "apiserver_request_total") {
		resource := sample.Labels["resource"]
		if sub := sample.Labels["subresource"]; sub != "" {
			resource += "/" + sub
		}
		counts[sample.Labels["verb"]+" "+resource] += sample.Value
	}
	return counts
}

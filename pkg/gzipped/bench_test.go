// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package gzipped_test

import (
	"bytes"
	stdgzip "compress/gzip"
	"fmt"
	"strconv"
	"sync"
	"testing"

	kgzip "github.com/klauspost/compress/gzip"
	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg"
)

// realisticConfig is the configuration of a Prometheus selecting 10,000
// ServiceMonitors with two endpoints each (20,000 jobs), basic auth on
// every tenth, generated once per test binary.
var realisticConfig = sync.OnceValues(func() ([]byte, error) {
	monitors := make([]*monitoringv1.ServiceMonitor, 10000)
	for i := range monitors {
		monitor := &monitoringv1.ServiceMonitor{ObjectMeta: metav1.ObjectMeta{Namespace: "ns-" + strconv.Itoa(i%50), Name: "app-" + strconv.Itoa(i)}}
		monitor.Spec.Selector = metav1.LabelSelector{
			MatchLabels:      map[string]string{"app": "app-" + strconv.Itoa(i)},
			MatchExpressions: []metav1.LabelSelectorRequirement{{Key: "tier", Operator: metav1.LabelSelectorOpIn, Values: []string{"web", "api"}}},
		}
		monitor.Spec.Endpoints = []monitoringv1.Endpoint{{Port: "web"}, {Port: "metrics", ScrapeEndpointSettings: monitoringv1.ScrapeEndpointSettings{Path: "/admin/metrics"}}}
		if i%10 == 0 {
			for e := range monitor.Spec.Endpoints {
				monitor.Spec.Endpoints[e].BasicAuth = &monitoringv1.BasicAuth{
					Username: corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "user"},
					Password: corev1.SecretKeySelector{LocalObjectReference: corev1.LocalObjectReference{Name: "auth"}, Key: "password"},
				}
			}
		}
		monitors[i] = monitor
	}
	store := assets.MapStore{Secrets: map[string]map[string]string{}}
	for i := range 50 {
		store.Secrets["ns-"+strconv.Itoa(i)+"/auth"] = map[string]string{"user": "admin", "password": "s3cret"}
	}
	workload := &monitoringv1.Prometheus{ObjectMeta: metav1.ObjectMeta{Namespace: "default", Name: "main"}}
	result, err := promcfg.Generate(workload, promcfg.Input{ServiceMonitors: monitors, Store: store}, promcfg.Options{})
	if err != nil {
		return nil, err
	}
	return result.Config, nil
})

// compressor is one implementation at one level, reusing one writer
// (allocating one per member would dominate small members).
type compressor struct {
	name  string
	write func(dst *bytes.Buffer, data []byte) error
}

func stdlibAt(level int) compressor {
	writer, err := stdgzip.NewWriterLevel(nil, level)
	if err != nil {
		panic(err)
	}
	return compressor{name: "stdlib-" + strconv.Itoa(level), write: func(dst *bytes.Buffer, data []byte) error {
		writer.Reset(dst)
		if _, err := writer.Write(data); err != nil {
			return err
		}
		return writer.Close()
	}}
}

func klauspostAt(level int) compressor {
	writer, err := kgzip.NewWriterLevel(nil, level)
	if err != nil {
		panic(err)
	}
	return compressor{name: "klauspost-" + strconv.Itoa(level), write: func(dst *bytes.Buffer, data []byte) error {
		writer.Reset(dst)
		if _, err := writer.Write(data); err != nil {
			return err
		}
		return writer.Close()
	}}
}

func compressors() []compressor {
	var out []compressor
	for _, level := range []int{1, 6, 9} {
		out = append(out, stdlibAt(level))
	}
	for _, level := range []int{1, 3, 5, 6, 9} {
		out = append(out, klauspostAt(level))
	}
	return out
}

// groups cuts config into pieces of about size bytes at job boundaries.
func groups(config []byte, size int) [][]byte {
	var out [][]byte
	marker := []byte("\n- job_name:")
	for len(config) > size {
		next := bytes.Index(config[size:], marker)
		if next < 0 {
			break
		}
		out = append(out, config[:size+next+1])
		config = config[size+next+1:]
	}
	return append(out, config)
}

// BenchmarkCompress compresses the 20,000-job configuration whole
// ("whole") and as concatenated members of about 64 KiB to 1 MiB
// ("group-N"), reporting the compression ratio; ns/op is for the whole
// document either way, so ns/op divided by the number of groups is what an
// edit touching one group costs.
func BenchmarkCompress(b *testing.B) {
	config, err := realisticConfig()
	if err != nil {
		b.Fatal(err)
	}
	for _, size := range []int{0, 128 << 10, 256 << 10, 1 << 20} {
		pieces := [][]byte{config}
		label := "whole"
		if size > 0 {
			pieces = groups(config, size)
			label = fmt.Sprintf("group-%dKiB", size>>10)
		}
		for _, c := range compressors() {
			b.Run(label+"/"+c.name, func(b *testing.B) {
				b.SetBytes(int64(len(config)))
				var out bytes.Buffer
				for b.Loop() {
					out.Reset()
					for _, piece := range pieces {
						if err := c.write(&out, piece); err != nil {
							b.Fatal(err)
						}
					}
				}
				b.ReportMetric(float64(len(config))/float64(out.Len()), "ratio")
				b.ReportMetric(float64(out.Len()), "compressed-bytes")
				b.ReportMetric(float64(len(pieces)), "members")
			})
		}
	}
}

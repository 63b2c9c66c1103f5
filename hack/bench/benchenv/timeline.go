//go:build perf

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package benchenv

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
	"time"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/client-go/informers"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"

	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
)

// ConfigKey is the key of the gzipped configuration in the config Secret.
const ConfigKey = "prometheus.yaml.gz"

// Observation is one version of a configuration, and when it was seen.
type Observation struct {
	// At is when the version was seen (or, for a volume, written).
	At time.Time
	// Config is the plain configuration text.
	Config string
	// Data is the Secret's data, as a kubelet would mount it.
	Data map[string][]byte
}

// Timeline records observations as they happen and lets a benchmark wait
// for the first one that satisfies a condition. It is safe for concurrent
// use.
type Timeline struct {
	mu      sync.Mutex
	entries []Observation
	// changed is closed, and replaced, on every Add.
	changed chan struct{}
}

// NewTimeline returns an empty timeline.
func NewTimeline() *Timeline { return &Timeline{changed: make(chan struct{})} }

// Add records an observation.
func (t *Timeline) Add(observation Observation) {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.entries = append(t.entries, observation)
	close(t.changed)
	t.changed = make(chan struct{})
}

// Latest returns the newest observation, if any.
func (t *Timeline) Latest() (Observation, bool) {
	t.mu.Lock()
	defer t.mu.Unlock()
	if len(t.entries) == 0 {
		return Observation{}, false
	}
	return t.entries[len(t.entries)-1], true
}

// First returns the earliest observation whose configuration satisfies
// match, waiting up to timeout for one to arrive.
func (t *Timeline) First(ctx context.Context, timeout time.Duration, match func(config string) bool) (Observation, error) {
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	seen := 0
	for {
		t.mu.Lock()
		for _, entry := range t.entries[seen:] {
			if match(entry.Config) {
				t.mu.Unlock()
				return entry, nil
			}
		}
		seen = len(t.entries)
		changed := t.changed
		t.mu.Unlock()
		select {
		case <-changed:
		case <-ctx.Done():
			return Observation{}, fmt.Errorf("no matching configuration among %d versions within %s: %w", seen, timeout, ctx.Err())
		}
	}
}

// Contains returns a match function for First that looks for text.
func Contains(text string) func(string) bool {
	return func(config string) bool { return strings.Contains(config, text) }
}

// CountJobs returns how many ServiceMonitor scrape jobs a configuration has.
func CountJobs(config string) int { return strings.Count(config, "job_name: serviceMonitor/") }

// WatchConfigSecret follows the Secret namespace/name through an informer
// narrowed to that name and records each version it delivers, timestamped
// on arrival, in the returned timeline. It stops when b ends.
func WatchConfigSecret(b testing.TB, client kubernetes.Interface, namespace, name string) *Timeline {
	b.Helper()
	return WatchConfigSecretSummary(b, client, namespace, name, nil)
}

// WatchConfigSecretSummary is WatchConfigSecret for large configurations:
// each observation keeps summarize(config) as its Config and no Data, so
// that many versions of a configuration of tens of megabytes do not pile
// up in memory. A nil summarize keeps everything.
func WatchConfigSecretSummary(b testing.TB, client kubernetes.Interface, namespace, name string, summarize func(config string) string) *Timeline {
	b.Helper()
	timeline := NewTimeline()
	factory := informers.NewSharedInformerFactoryWithOptions(client, 0, informers.WithNamespace(namespace),
		informers.WithTweakListOptions(func(options *metav1.ListOptions) {
			options.FieldSelector = fields.OneTermEqualSelector("metadata.name", name).String()
		}))
	informer := factory.Core().V1().Secrets().Informer()
	record := func(object any) {
		at := time.Now()
		secret, ok := object.(*corev1.Secret)
		if !ok {
			return
		}
		compressed, err := joinConfig(b.Context(), client, secret)
		if err != nil {
			b.Logf("config Secret %s/%s version %s: %v", namespace, name, secret.ResourceVersion, err)
			return
		}
		config, err := Gunzip(compressed)
		if err != nil {
			b.Logf("config Secret %s/%s version %s: %v", namespace, name, secret.ResourceVersion, err)
			return
		}
		if summarize != nil {
			timeline.Add(Observation{At: at, Config: summarize(config)})
			return
		}
		timeline.Add(Observation{At: at, Config: config, Data: secret.Data})
	}
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc:    record,
		UpdateFunc: func(_, object any) { record(object) },
	})
	if err != nil {
		b.Fatalf("watching Secret %s/%s: %v", namespace, name, err)
	}
	stop := make(chan struct{})
	factory.Start(stop)
	b.Cleanup(func() {
		close(stop)
		factory.Shutdown()
	})
	return timeline
}

// joinConfig returns the compressed configuration of a config Secret,
// joined with its sibling Secrets when the operator split it (see
// pkg/configparts). The operator writes the siblings before the config
// Secret, so they are read when its new version arrives; a sibling already
// rewritten for the next version makes the join fail its digest check, and
// that next version's event brings the consistent set.
func joinConfig(ctx context.Context, client kubernetes.Interface, secret *corev1.Secret) ([]byte, error) {
	secrets := client.CoreV1().Secrets(secret.Namespace)
	compressed, err := configparts.JoinSecrets(ConfigKey, secret.Data, func(index int) (map[string][]byte, error) {
		sibling, err := secrets.Get(ctx, configparts.SiblingName(secret.Name, index), metav1.GetOptions{})
		if err != nil {
			return nil, fmt.Errorf("reading sibling %d: %w", index, err)
		}
		return sibling.Data, nil
	})
	if err != nil {
		return nil, fmt.Errorf("joining the configuration: %w", err)
	}
	return compressed, nil
}

// Gunzip returns the text of a gzipped value.
func Gunzip(compressed []byte) (string, error) {
	if len(compressed) == 0 {
		return "", fmt.Errorf("no %s key", ConfigKey)
	}
	reader, err := gzip.NewReader(bytes.NewReader(compressed))
	if err != nil {
		return "", fmt.Errorf("opening gzip stream: %w", err)
	}
	text, err := io.ReadAll(reader)
	if err != nil {
		return "", fmt.Errorf("reading gzip stream: %w", err)
	}
	return string(text), nil
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"k8s.io/apimachinery/pkg/types"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/fixtures"
	"github.com/seed-6daed11e/prometheus-operator/pkg/gzipped"
)

// editWorld is the state a random edit sequence works on: the workload,
// the monitors of the four kinds by "<namespace>/<name>", and the store.
type editWorld struct {
	rng       *rand.Rand
	counter   int
	agent     bool
	workload  monitoringv1.PrometheusInterface
	service   map[string]*monitoringv1.ServiceMonitor
	pod       map[string]*monitoringv1.PodMonitor
	probes    map[string]*monitoringv1.Probe
	scrape    map[string]*monitoringv1alpha1.ScrapeConfig
	store     assets.MapStore
	namespace []string
}

func newEditWorld(seed uint64, agent bool) *editWorld {
	w := &editWorld{
		rng: rand.New(rand.NewPCG(seed, 17)), agent: agent, store: testStore(), namespace: []string{"default", "team"},
		service: map[string]*monitoringv1.ServiceMonitor{}, pod: map[string]*monitoringv1.PodMonitor{},
		probes: map[string]*monitoringv1.Probe{}, scrape: map[string]*monitoringv1alpha1.ScrapeConfig{},
	}
	for _, ns := range w.namespace {
		w.store.Secrets[ns+"/rotating"] = map[string]string{"password": "first"}
	}
	w.changeWorkload()
	for range 40 {
		w.addMonitor()
	}
	return w
}

// next returns a fresh resourceVersion (and UID suffix).
func (w *editWorld) next() string {
	w.counter++
	return strconv.Itoa(w.counter)
}

// stamp gives a new object a UID and any changed object a new version.
func (w *editWorld) stamp(object interface {
	GetUID() types.UID
	SetUID(types.UID)
	SetResourceVersion(string)
}) {
	version := w.next()
	if object.GetUID() == "" {
		object.SetUID(types.UID("uid-" + version))
	}
	object.SetResourceVersion(version)
}

// endpoint returns random endpoint settings: basic auth from a stable or a
// rotating Secret, a missing key (rejected), a CA from a ConfigMap (a TLS
// file), a setting newer than Prometheus 2.45 (a warning), a scrape class.
func (w *editWorld) endpoint() monitoringv1.ScrapeEndpointSettings {
	var settings monitoringv1.ScrapeEndpointSettings
	settings.Interval = monitoringv1.Duration(strconv.Itoa(10+w.rng.IntN(50)) + "s")
	switch w.rng.IntN(6) {
	case 0:
		settings.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("rotating", "password")}
	case 1:
		settings.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("auth", "missing")}
	case 2:
		settings.TrackTimestampsStaleness = ptr(true)
	case 3:
		settings.RelabelConfigs = []monitoringv1.RelabelConfig{{TargetLabel: "edit", Replacement: ptr(w.next())}}
	}
	return settings
}

func (w *editWorld) className() *string {
	if w.rng.IntN(5) == 0 {
		return ptr("extra")
	}
	return nil
}

// addMonitor creates a monitor of a random kind in a random namespace.
func (w *editWorld) addMonitor() {
	ns := w.namespace[w.rng.IntN(len(w.namespace))]
	name := "m-" + strconv.Itoa(w.rng.IntN(200))
	key := ns + "/" + name
	switch w.rng.IntN(4) {
	case 0:
		sm := fixtures.ServiceMonitor(name, walkthrough, fixtures.InNamespace(ns))
		w.fillServiceMonitor(sm)
		w.service[key] = sm
	case 1:
		pm := fixtures.PodMonitor(name, walkthrough)
		pm.Namespace = ns
		w.fillPodMonitor(pm)
		w.pod[key] = pm
	case 2:
		probe := fixtures.Probe(name, walkthrough)
		probe.Namespace = ns
		w.fillProbe(probe)
		w.probes[key] = probe
	default:
		sc := fixtures.ScrapeConfig(name, walkthrough, staticTargets("a:9100"), fixtures.InNamespace(ns))
		w.fillScrapeConfig(sc)
		w.scrape[key] = sc
	}
}

func (w *editWorld) fillServiceMonitor(sm *monitoringv1.ServiceMonitor) {
	sm.Spec.Endpoints = []monitoringv1.Endpoint{{Port: "web", ScrapeEndpointSettings: w.endpoint()}}
	if w.rng.IntN(2) == 0 {
		sm.Spec.Endpoints = append(sm.Spec.Endpoints, monitoringv1.Endpoint{Port: "metrics", ScrapeEndpointSettings: w.endpoint()})
	}
	if w.rng.IntN(6) == 0 {
		sm.Spec.Endpoints[0].TLSConfig = &monitoringv1.TLSConfig{SafeTLSConfig: monitoringv1.SafeTLSConfig{
			CA: monitoringv1.SecretOrConfigMap{ConfigMap: ptr(configMapKey("tls-ca", "ca.crt"))},
		}}
	}
	sm.Spec.ScrapeClassName = w.className()
	w.stamp(sm)
}

func (w *editWorld) fillPodMonitor(pm *monitoringv1.PodMonitor) {
	pm.Spec.PodMetricsEndpoints = []monitoringv1.PodMetricsEndpoint{{Port: ptr("web"), ScrapeEndpointSettings: w.endpoint()}}
	pm.Spec.ScrapeClassName = w.className()
	w.stamp(pm)
}

func (w *editWorld) fillProbe(probe *monitoringv1.Probe) {
	probe.Spec.Interval = monitoringv1.Duration(strconv.Itoa(10+w.rng.IntN(50)) + "s")
	probe.Spec.BasicAuth = nil
	if w.rng.IntN(3) == 0 {
		probe.Spec.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("rotating", "password")}
	}
	probe.Spec.ScrapeClassName = w.className()
	w.stamp(probe)
}

func (w *editWorld) fillScrapeConfig(sc *monitoringv1alpha1.ScrapeConfig) {
	sc.Spec.ScrapeInterval = ptr(monitoringv1.Duration(strconv.Itoa(10+w.rng.IntN(50)) + "s"))
	sc.Spec.BasicAuth = nil
	if w.rng.IntN(3) == 0 {
		sc.Spec.BasicAuth = &monitoringv1.BasicAuth{Username: secretKey("auth", "user"), Password: secretKey("rotating", "password")}
	}
	sc.Spec.ScrapeClassName = w.className()
	w.stamp(sc)
}

// changeWorkload sets random workload settings that every job depends on.
func (w *editWorld) changeWorkload() {
	common := monitoringv1.CommonPrometheusFields{ScrapeInterval: "30s"}
	common.Version = []string{"", "v2.45.0", "v3.5.0"}[w.rng.IntN(3)]
	if w.rng.IntN(2) == 0 {
		common.ScrapeClasses = []monitoringv1.ScrapeClass{{Name: "extra", Relabelings: []monitoringv1.RelabelConfig{{TargetLabel: "class", Replacement: ptr("extra")}}}}
	}
	if w.rng.IntN(3) == 0 {
		common.EnforcedSampleLimit = ptr(uint64(1000 + w.rng.IntN(3)))
	}
	if w.rng.IntN(3) == 0 {
		common.Shards = ptr(int32(1 + w.rng.IntN(3)))
	}
	if w.rng.IntN(3) == 0 {
		common.EnforcedNamespaceLabel = "namespace"
	}
	if w.agent {
		agent := &monitoringv1alpha1.PrometheusAgent{}
		agent.Name, agent.Namespace = "agent", "default"
		agent.Spec.CommonPrometheusFields = common
		w.workload = agent
		return
	}
	w.workload = fixtures.Prometheus("example", walkthrough, fixtures.WithCommon(func(c *monitoringv1.CommonPrometheusFields) { *c = common }))
}

// edit applies one random change and names it.
func (w *editWorld) edit() string {
	switch op := w.rng.IntN(20); {
	case op < 4:
		w.addMonitor()
		return "add"
	case op < 12:
		return w.changeMonitor(op%2 == 0)
	case op < 16:
		return w.deleteMonitor()
	case op < 19:
		for _, ns := range w.namespace {
			switch w.rng.IntN(3) {
			case 0:
				delete(w.store.Secrets, ns+"/rotating")
			default:
				w.store.Secrets[ns+"/rotating"] = map[string]string{"password": w.next()}
			}
		}
		return "rotate secret"
	default:
		w.changeWorkload()
		return "workload"
	}
}

// changeMonitor changes a random monitor's spec, or only its version.
func (w *editWorld) changeMonitor(versionOnly bool) string {
	keys := w.keys()
	if len(keys) == 0 {
		return "nothing to change"
	}
	key := keys[w.rng.IntN(len(keys))]
	switch {
	case w.service[key] != nil:
		sm := w.service[key].DeepCopy()
		if versionOnly {
			w.stamp(sm)
		} else {
			w.fillServiceMonitor(sm)
		}
		w.service[key] = sm
	case w.pod[key] != nil:
		pm := w.pod[key].DeepCopy()
		w.fillPodMonitor(pm)
		w.pod[key] = pm
	case w.probes[key] != nil:
		probe := w.probes[key].DeepCopy()
		w.fillProbe(probe)
		w.probes[key] = probe
	default:
		sc := w.scrape[key].DeepCopy()
		w.fillScrapeConfig(sc)
		w.scrape[key] = sc
	}
	return "change " + key
}

func (w *editWorld) deleteMonitor() string {
	keys := w.keys()
	if len(keys) == 0 {
		return "nothing to delete"
	}
	key := keys[w.rng.IntN(len(keys))]
	delete(w.service, key)
	delete(w.pod, key)
	delete(w.probes, key)
	delete(w.scrape, key)
	return "delete " + key
}

// keys lists the monitors of every kind, sorted, so runs repeat.
func (w *editWorld) keys() []string {
	var keys []string
	keys = slices.AppendSeq(keys, maps.Keys(w.service))
	keys = slices.AppendSeq(keys, maps.Keys(w.pod))
	keys = slices.AppendSeq(keys, maps.Keys(w.probes))
	keys = slices.AppendSeq(keys, maps.Keys(w.scrape))
	slices.Sort(keys)
	return slices.Compact(keys)
}

func (w *editWorld) input() Input {
	return Input{
		ServiceMonitors: slices.Collect(maps.Values(w.service)), PodMonitors: slices.Collect(maps.Values(w.pod)),
		Probes: slices.Collect(maps.Values(w.probes)), Store: w.store,
		ExtraJobs: []JobSource{ScrapeConfigs(slices.Collect(maps.Values(w.scrape)))},
	}
}

// requireSameAsFull generates with the cache and without, and requires the
// same configuration, rejections, warnings, TLS files and job names.
func requireSameAsFull(t *testing.T, cache *Cache, w *editWorld, step string) *Result {
	t.Helper()
	before := w.input()
	unchanged := []any{deepCopies(before.ServiceMonitors), deepCopies(before.PodMonitors), deepCopies(before.Probes),
		deepCopies([]*monitoringv1alpha1.ScrapeConfig(before.ExtraJobs[0].(ScrapeConfigs)))}
	full, fullErr := Generate(w.workload, before, Options{})
	cached, cachedErr := cache.Generate(w.workload, before, Options{})
	require.Equal(t, fullErr, cachedErr, step)
	require.Equal(t, unchanged, []any{before.ServiceMonitors, before.PodMonitors, before.Probes,
		[]*monitoringv1alpha1.ScrapeConfig(before.ExtraJobs[0].(ScrapeConfigs))}, "%s: the generators only read the monitors (the controller passes its cache's objects)", step)
	if fullErr != nil {
		return nil
	}
	config, err := gzipped.Decompress(cached.Compressed, gzipped.MaxSize)
	require.NoError(t, err, step)
	require.Equal(t, string(full.Config), string(config), step)
	require.Equal(t, full.Rejected, cached.Rejected, step)
	require.Equal(t, full.Warnings, cached.Warnings, step)
	require.Equal(t, full.TLSAssets, cached.TLSAssets, step)
	require.Equal(t, full.JobNames, cached.JobNames, step)
	require.Equal(t, digestOf(cached.Compressed), cached.Digest, step)
	require.Nil(t, cached.Config, step)
	return cached
}

// deepCopies copies each object, to tell later whether anything changed it.
func deepCopies[T interface{ DeepCopy() T }](objects []T) []T {
	if objects == nil {
		return nil
	}
	out := make([]T, len(objects))
	for i, object := range objects {
		out[i] = object.DeepCopy()
	}
	return out
}

// TestCacheMatchesFullGeneration runs random edit sequences over the four
// monitor kinds, the referenced Secrets and the workload, and requires the
// incremental generation to equal a full one after every step. Small
// groups and no small-configuration shortcut make the multi-member path
// run; the default settings exercise the single-member one.
func TestCacheMatchesFullGeneration(t *testing.T) {
	for name, settings := range map[string]struct {
		groupUnits  uint64
		smallConfig int
	}{"several members": {3, 0}, "default settings": {groupUnits, smallConfig}} {
		for _, agent := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/agent=%t", name, agent), func(t *testing.T) {
				w := newEditWorld(uint64(len(name)), agent)
				cache := NewCache()
				cache.groupUnits, cache.smallConfig = settings.groupUnits, settings.smallConfig
				var rejected, warned, tlsFiles, members int
				for step := range 300 {
					what := fmt.Sprintf("step %d: %s", step, w.edit())
					result := requireSameAsFull(t, cache, w, what)
					if result == nil {
						continue
					}
					rejected += min(len(result.Rejected), 1)
					warned += min(len(result.Warnings), 1)
					tlsFiles += min(len(result.TLSAssets), 1)
					if len(cache.parts) > 1 {
						members++
					}
					if step%25 == 0 {
						fresh := NewCache()
						fresh.groupUnits, fresh.smallConfig = settings.groupUnits, settings.smallConfig
						again, err := fresh.Generate(w.workload, w.input(), Options{})
						require.NoError(t, err)
						require.Equal(t, again.Compressed, result.Compressed, "%s: same configuration, same bytes", what)
					}
				}
				require.Positive(t, rejected, "some steps reject a monitor")
				require.Positive(t, warned, "some steps drop a setting with a warning")
				require.Positive(t, tlsFiles, "some steps reference TLS files")
				if settings.smallConfig == 0 {
					require.Positive(t, members, "the stream has several members")
				}
			})
		}
	}
}

// TestCacheRendersWhatChanged requires that an edit renders the edited
// monitor alone, that nothing is rendered when nothing changed, that a
// Secret change renders its readers, and that deleted monitors leave the
// cache.
func TestCacheRendersWhatChanged(t *testing.T) {
	w := newEditWorld(7, false)
	w.workload = fixtures.Prometheus("example", walkthrough)
	cache := NewCache()
	requireSameAsFull(t, cache, w, "first")
	require.Equal(t, len(w.keys()), cache.rendered, "the first generation renders every monitor")
	requireSameAsFull(t, cache, w, "again")
	require.Zero(t, cache.rendered, "nothing changed")

	edited := w.changeMonitor(false)
	requireSameAsFull(t, cache, w, edited)
	require.Equal(t, 1, cache.rendered, edited)

	readers := 0
	for _, e := range cache.entries {
		for _, read := range e.reads {
			if read.secret != nil && read.secret.Name == "rotating" && read.namespace == "team" {
				readers++
				break
			}
		}
	}
	require.Positive(t, readers, "some monitors read the rotating Secret")
	w.store.Secrets["team/rotating"] = map[string]string{"password": "rotated"}
	requireSameAsFull(t, cache, w, "rotate")
	require.Equal(t, readers, cache.rendered, "the monitors reading the Secret")

	for _, key := range w.keys()[:10] {
		delete(w.service, key)
		delete(w.pod, key)
		delete(w.probes, key)
		delete(w.scrape, key)
	}
	requireSameAsFull(t, cache, w, "delete")
	require.Len(t, cache.entries, len(w.keys()), "entries of deleted monitors are dropped")
}

// TestCompareKeysOrdersLikeTheJoinedKeys checks the allocation-free
// comparison against the comparison of the joined "<namespace>/<name>".
func TestCompareKeysOrdersLikeTheJoinedKeys(t *testing.T) {
	parts := []string{"", "a", "a-b", "a.b", "ab", "a/b", "b", "a0", "z"}
	for _, namespace1 := range parts {
		for _, name1 := range parts {
			for _, namespace2 := range parts {
				for _, name2 := range parts {
					want := strings.Compare(namespace1+"/"+name1, namespace2+"/"+name2)
					require.Equal(t, want, compareKeys(namespace1, name1, namespace2, name2), "%q/%q vs %q/%q", namespace1, name1, namespace2, name2)
				}
			}
		}
	}
}

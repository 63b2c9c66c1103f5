// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"crypto/sha256"
	"errors"
	"fmt"

	corev1 "k8s.io/api/core/v1"

	"github.com/seed-6daed11e/prometheus-operator/pkg/assets"
	"github.com/seed-6daed11e/prometheus-operator/pkg/version"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// entry is what one monitor contributed to a generation: its jobs rendered
// as scrape_configs items, and the side effects a full generation has
// (rejection, warnings, TLS files), replayed when the entry is reused.
type entry struct {
	// id is "<kind>/<namespace>/<name>".
	id string
	// uid and resourceVersion are the object's when it was rendered; an
	// empty resourceVersion (objects built by hand) is never reused.
	uid, resourceVersion string
	// reads are the Secret and ConfigMap keys the build read.
	reads     []keyRead
	rejection error
	warnings  []version.Warning
	assets    assets.TLSAssets
	jobNames  []string
	// size is the length of the rendered jobs. They are in raw until they
	// are compressed with their group, then at offset in group's content.
	size   int
	raw    []byte
	group  *group
	offset int
	// dirty tells that the entry was rendered in this generation.
	dirty bool
	// seen is the generation that last used the entry.
	seen uint64
}

// reusable tells whether the entry still holds what object would render
// to: same object version, same values behind every key it read.
func (e *entry) reusable(object monitorObject, store assets.KeyReader) bool {
	if e.resourceVersion == "" || e.resourceVersion != object.GetResourceVersion() || e.uid != string(object.GetUID()) {
		return false
	}
	for i := range e.reads {
		if !e.reads[i].unchanged(store) {
			return false
		}
	}
	return true
}

// replay has the effects on env that rendering the entry had.
func (e *entry) replay(env *Environment, kind string, object monitorObject) {
	env.target.Warnings().Append(e.warnings...)
	env.assets.Merge(e.assets)
	if e.rejection != nil {
		env.reject(kind, object.GetNamespace(), object.GetName(), e.rejection)
	}
}

// keyRead is one Secret or ConfigMap key read by a build and its outcome.
type keyRead struct {
	namespace string
	secret    *corev1.SecretKeySelector
	configMap *corev1.ConfigMapKeySelector
	value     [sha256.Size]byte
	err       string
}

// unchanged reads the key again through store (which so learns that the
// workload still depends on it) and compares the outcome.
func (r *keyRead) unchanged(store assets.KeyReader) bool {
	value, err := r.read(store)
	again := keyRead{value: sha256.Sum256([]byte(value))}
	if err != nil {
		again.err = err.Error()
	}
	return again.value == r.value && again.err == r.err
}

func (r *keyRead) read(store assets.KeyReader) (string, error) {
	if r.secret != nil {
		return store.SecretKey(r.namespace, *r.secret)
	}
	return store.ConfigMapKey(r.namespace, *r.configMap)
}

// recordingReader passes reads through and records them.
type recordingReader struct {
	inner assets.KeyReader
	reads []keyRead
	// unavailable tells that a read failed for a passing reason: what was
	// built from it must not be kept.
	unavailable bool
}

func (r *recordingReader) record(read keyRead, value string, err error) {
	read.value = sha256.Sum256([]byte(value))
	if err != nil {
		read.err = err.Error()
		r.unavailable = r.unavailable || errors.Is(err, assets.ErrUnavailable)
	}
	r.reads = append(r.reads, read)
}

// SecretKey implements assets.KeyReader.
func (r *recordingReader) SecretKey(namespace string, selector corev1.SecretKeySelector) (string, error) {
	value, err := r.inner.SecretKey(namespace, selector)
	r.record(keyRead{namespace: namespace, secret: &selector}, value, err)
	return value, err
}

// ConfigMapKey implements assets.KeyReader.
func (r *recordingReader) ConfigMapKey(namespace string, selector corev1.ConfigMapKeySelector) (string, error) {
	value, err := r.inner.ConfigMapKey(namespace, selector)
	r.record(keyRead{namespace: namespace, configMap: &selector}, value, err)
	return value, err
}

// unit adds the jobs of one monitor to the run: reused from the cache when
// nothing they depend on changed, rendered otherwise.
func (r *unitRun) unit(env *Environment, kind string, object monitorObject, build func() ([]yamldoc.Map, error)) {
	id := kind + "/" + object.GetNamespace() + "/" + object.GetName()
	e := r.cache.entries[id]
	if e != nil && e.seen != r.sync && e.reusable(object, env.store) {
		e.replay(env, kind, object)
	} else {
		e = r.render(env, kind, object, id, build)
		r.cache.entries[id] = e
	}
	e.seen = r.sync
	env.jobNames = append(env.jobNames, e.jobNames...)
	r.add(e)
}

// render builds the jobs of object with env, capturing what the build did
// besides returning them.
func (r *unitRun) render(env *Environment, kind string, object monitorObject, id string, build func() ([]yamldoc.Map, error)) *entry {
	r.rendered++
	e := &entry{id: id, uid: string(object.GetUID()), resourceVersion: object.GetResourceVersion(), dirty: true}
	reader := &recordingReader{inner: env.store}
	store, shared := env.store, env.assets
	env.store, env.assets = reader, assets.TLSAssets{}
	mark := env.target.Warnings().Len()
	jobs, err := build()
	own := env.assets
	env.store, env.assets = store, shared
	e.warnings = env.target.Warnings().Since(mark)
	e.reads = reader.reads
	if reader.unavailable {
		e.resourceVersion = ""
	}
	if len(own) > 0 {
		e.assets = own
		env.assets.Merge(own)
	}
	if err != nil {
		e.rejection = err
		env.reject(kind, object.GetNamespace(), object.GetName(), err)
		return e
	}
	raw, err := yamldoc.MarshalItems(jobs, 0)
	if err != nil {
		r.fail(fmt.Errorf("render configuration: %s: %w", id, err))
		return e
	}
	e.raw, e.size = raw, len(raw)
	e.jobNames = make([]string, len(jobs))
	for i, job := range jobs {
		e.jobNames[i] = jobName(job)
	}
	return e
}

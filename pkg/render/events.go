// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package render

import (
	"fmt"
	"strings"
	"sync"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/runtime"
)

// Rejection is an object a controller or an admission check refused, or
// a workload whose reconcile failed.
type Rejection struct {
	Kind, Namespace, Name string
	// Reason is the controller's explanation.
	Reason string
}

// String is the line the render prints on stderr: "<kind> <ns>/<name>: <reason>".
func (r Rejection) String() string {
	return fmt.Sprintf("%s %s/%s: %s", r.Kind, r.Namespace, r.Name, r.Reason)
}

// rejectionMarkers end the controllers' standard "... was rejected ... due
// to invalid configuration: <reason>" messages; the render keeps the reason.
var rejectionMarkers = []string{" due to invalid configuration: "}

// eventRecorder is a record.EventRecorder that keeps the Warning Events
// the controllers emit, which is how they report rejections and failed
// reconciles.
type eventRecorder struct {
	scheme     *runtime.Scheme
	mu         sync.Mutex
	rejections []Rejection
}

// Event keeps a Warning Event as a rejection of obj.
func (r *eventRecorder) Event(obj runtime.Object, eventType, reason, message string) {
	if eventType != corev1.EventTypeWarning {
		return
	}
	accessor, ok := obj.(metav1.Object)
	if !ok {
		return
	}
	kind := obj.GetObjectKind().GroupVersionKind().Kind
	if kinds, _, err := r.scheme.ObjectKinds(obj); err == nil && len(kinds) > 0 {
		kind = kinds[0].Kind
	}
	for _, marker := range rejectionMarkers {
		if _, after, found := strings.Cut(message, marker); found {
			message = after
			break
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.rejections = append(r.rejections, Rejection{
		Kind: kind, Namespace: accessor.GetNamespace(), Name: accessor.GetName(), Reason: message,
	})
}

// Eventf formats the message, then records as Event does.
func (r *eventRecorder) Eventf(obj runtime.Object, eventType, reason, format string, args ...any) {
	r.Event(obj, eventType, reason, fmt.Sprintf(format, args...))
}

// AnnotatedEventf records as Eventf does; annotations are not kept.
func (r *eventRecorder) AnnotatedEventf(obj runtime.Object, _ map[string]string, eventType, reason, format string, args ...any) {
	r.Eventf(obj, eventType, reason, format, args...)
}

package reloader

import (
	"context"
	"errors"
	"fmt"
	"log/slog"

	corev1 "k8s.io/api/core/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/apimachinery/pkg/fields"
	"k8s.io/apimachinery/pkg/runtime"
	"k8s.io/apimachinery/pkg/watch"
	"k8s.io/client-go/kubernetes"
	"k8s.io/client-go/tools/cache"
)

// DefaultSecretKey is the key of the configuration Secret that holds the
// gzipped Prometheus configuration.
const DefaultSecretKey = "prometheus.yaml.gz"

// Notifier is told when an API watch has delivered new data.
type Notifier interface {
	// Notify asks for a check of the inputs.
	Notify()
	// RecordAPIEvent counts a delivered change of an object kind.
	RecordAPIEvent(kind string)
}

// APIWatchOptions configures the Kubernetes API watches.
type APIWatchOptions struct {
	// Client talks to the API server.
	Client kubernetes.Interface
	// Secret is the configuration Secret to follow; nil follows none.
	Secret *ObjectReference
	// SecretKey is the Secret's key holding the configuration; empty means
	// DefaultSecretKey.
	SecretKey string
	// ConfigMaps are mirrored into directories.
	ConfigMaps []ConfigMapTarget
	// Logger receives the log; nil discards it.
	Logger *slog.Logger
}

// APIWatch follows a configuration Secret and rule ConfigMaps through the
// Kubernetes API, so a change reaches Prometheus as soon as the API server
// announces it instead of after the kubelet refreshes the mounted volume. Each
// object has its own informer restricted by a metadata.name field selector:
// the cache holds one object, and the RBAC can name exactly that object.
type APIWatch struct {
	// Config carries the Secret's configuration, joined with its sibling
	// Secrets when it is split; nil without a Secret.
	Config *SecretSource
	// Directories are the ConfigMap mirrors, one per target.
	Directories []DirectorySource

	options   APIWatchOptions
	logger    *slog.Logger
	informers []cache.SharedIndexInformer
	starters  []func(Notifier) error
}

// NewAPIWatch prepares the informers; nothing runs before Start.
func NewAPIWatch(options APIWatchOptions) (*APIWatch, error) {
	if options.Client == nil {
		return nil, errors.New("api watch: a Kubernetes client is required")
	}
	if options.SecretKey == "" {
		options.SecretKey = DefaultSecretKey
	}
	w := &APIWatch{options: options, logger: options.Logger}
	if w.logger == nil {
		w.logger = slog.New(slog.DiscardHandler)
	}
	if options.Secret != nil {
		w.addSecret(*options.Secret)
	}
	for _, target := range options.ConfigMaps {
		w.addConfigMap(target)
	}
	return w, nil
}

// Start registers the handlers and runs the informers until ctx ends.
func (w *APIWatch) Start(ctx context.Context, notifier Notifier) error {
	for _, start := range w.starters {
		if err := start(notifier); err != nil {
			return err
		}
	}
	for _, informer := range w.informers {
		go informer.RunWithContext(ctx)
	}
	return nil
}

// WaitForSync blocks until every informer has listed its object once (or ctx
// ends, reporting false). ConfigMaps found missing then are treated as empty.
func (w *APIWatch) WaitForSync(ctx context.Context) bool {
	synced := make([]cache.InformerSynced, 0, len(w.informers))
	for _, informer := range w.informers {
		synced = append(synced, informer.HasSynced)
	}
	if !cache.WaitForCacheSync(ctx.Done(), synced...) {
		return false
	}
	for _, directory := range w.Directories {
		directory.(*configMapDirectory).clearIfUnknown()
	}
	return true
}

func (w *APIWatch) addSecret(object ObjectReference) {
	secrets := w.options.Client.CoreV1().Secrets(object.Namespace)
	informer := newSingleObjectInformer(w.options.Client, object, &corev1.Secret{},
		func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
			return secrets.List(ctx, options)
		},
		func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
			return secrets.Watch(ctx, options)
		})
	w.Config = newSecretSource(w.options.Client, object, w.options.SecretKey)
	w.informers = append(w.informers, informer)
	w.starters = append(w.starters, func(notifier Notifier) error {
		return addHandler(informer, object, func(obj any) {
			w.onSecret(obj, notifier)
		}, func() {
			w.logger.Warn("configuration secret deleted; keeping the last configuration", "secret", object)
		})
	})
}

func (w *APIWatch) onSecret(obj any, notifier Notifier) {
	secret, ok := obj.(*corev1.Secret)
	if !ok {
		return
	}
	if _, found := secret.Data[w.options.SecretKey]; !found {
		w.logger.Warn("configuration secret lacks the expected key; ignoring this version",
			"secret", secret.Namespace+"/"+secret.Name, "key", w.options.SecretKey)
		return
	}
	w.Config.Set(secret.Data)
	notifier.RecordAPIEvent("Secret")
	notifier.Notify()
}

func (w *APIWatch) addConfigMap(target ConfigMapTarget) {
	configMaps := w.options.Client.CoreV1().ConfigMaps(target.Object.Namespace)
	informer := newSingleObjectInformer(w.options.Client, target.Object, &corev1.ConfigMap{},
		func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
			return configMaps.List(ctx, options)
		},
		func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
			return configMaps.Watch(ctx, options)
		})
	directory := newConfigMapDirectory(target.Dir)
	w.Directories = append(w.Directories, directory)
	w.informers = append(w.informers, informer)
	w.starters = append(w.starters, func(notifier Notifier) error {
		return addHandler(informer, target.Object, func(obj any) {
			if configMap, ok := obj.(*corev1.ConfigMap); ok {
				directory.set(configMap.Data, configMap.BinaryData)
				notifier.RecordAPIEvent("ConfigMap")
				notifier.Notify()
			}
		}, func() {
			directory.clear()
			notifier.RecordAPIEvent("ConfigMap")
			notifier.Notify()
		})
	})
}

// newSingleObjectInformer builds an informer that lists and watches only the
// object called reference.Name in reference.Namespace. The client is passed
// along so the reflector knows whether it may use streaming lists (fake
// clientsets cannot).
func newSingleObjectInformer(
	client kubernetes.Interface,
	reference ObjectReference,
	example runtime.Object,
	list func(context.Context, metav1.ListOptions) (runtime.Object, error),
	watchFunc func(context.Context, metav1.ListOptions) (watch.Interface, error),
) cache.SharedIndexInformer {
	selector := fields.OneTermEqualSelector("metadata.name", reference.Name).String()
	listWatch := &cache.ListWatch{
		ListWithContextFunc: func(ctx context.Context, options metav1.ListOptions) (runtime.Object, error) {
			options.FieldSelector = selector
			return list(ctx, options)
		},
		WatchFuncWithContext: func(ctx context.Context, options metav1.ListOptions) (watch.Interface, error) {
			options.FieldSelector = selector
			return watchFunc(ctx, options)
		},
	}
	return cache.NewSharedIndexInformerWithOptions(
		cache.ToListWatcherWithWatchListSemantics(listWatch, client), example, cache.SharedIndexInformerOptions{})
}

// addHandler calls onChange for additions and updates of the named object,
// and onDelete when it goes away. Updates that carry the same resource
// version (re-lists) are skipped. Objects with another name are ignored, in
// case a client does not honour the field selector.
func addHandler(informer cache.SharedIndexInformer, reference ObjectReference, onChange func(any), onDelete func()) error {
	matches := func(obj any) bool {
		accessor, ok := obj.(metav1.Object)
		return ok && accessor.GetName() == reference.Name && accessor.GetNamespace() == reference.Namespace
	}
	_, err := informer.AddEventHandler(cache.ResourceEventHandlerFuncs{
		AddFunc: func(obj any) {
			if matches(obj) {
				onChange(obj)
			}
		},
		UpdateFunc: func(oldObj, newObj any) {
			oldAccessor, oldOK := oldObj.(metav1.Object)
			newAccessor, newOK := newObj.(metav1.Object)
			if oldOK && newOK && oldAccessor.GetResourceVersion() == newAccessor.GetResourceVersion() {
				return
			}
			if matches(newObj) {
				onChange(newObj)
			}
		},
		DeleteFunc: func(obj any) {
			if tombstone, ok := obj.(cache.DeletedFinalStateUnknown); ok {
				obj = tombstone.Obj
			}
			if matches(obj) {
				onDelete()
			}
		},
	})
	if err != nil {
		return fmt.Errorf("register handler for %s: %w", reference, err)
	}
	return nil
}

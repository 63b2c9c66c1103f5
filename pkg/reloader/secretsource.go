package reloader

import (
	"bytes"
	"context"
	"fmt"
	"maps"
	"sync"
	"time"

	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"

	"github.com/seed-6daed11e/prometheus-operator/pkg/configparts"
)

// siblingReadTimeout bounds the reads of a split configuration's sibling
// Secrets; a failed read is retried by the reloader's loop.
const siblingReadTimeout = 30 * time.Second

// SecretSource holds the configuration Secret last delivered by an API
// watch. A configuration that fits in one Secret is its key, as upstream's
// reloader reads it. A split one (see package configparts) is joined with
// its sibling Secrets, read when the manifest changes: siblings of another
// version fail the digest check with configparts.ErrInconsistent, and the
// reloader's loop reads again after its retry pause or the next change of
// the configuration Secret, whichever comes first. It is safe for
// concurrent use.
type SecretSource struct {
	// Name describes where the data comes from, for logs.
	Name string

	key      string
	secret   ObjectReference
	client   kubernetes.Interface
	mutex    sync.Mutex
	data     map[string][]byte
	set      bool
	joined   []byte
	joinedOf []byte
}

// newSecretSource follows the configuration under key in the Secret
// secret, reading siblings through client.
func newSecretSource(client kubernetes.Interface, secret ObjectReference, key string) *SecretSource {
	return &SecretSource{
		Name: "secret " + secret.String() + " key " + key, key: key, secret: secret, client: client,
	}
}

// Set stores the data of the configuration Secret's latest version.
func (s *SecretSource) Set(data map[string][]byte) {
	s.mutex.Lock()
	defer s.mutex.Unlock()
	s.data = maps.Clone(data)
	s.set = true
}

// Read implements ConfigSource.
func (s *SecretSource) Read() ([]byte, error) {
	s.mutex.Lock()
	data, set := s.data, s.set
	joined, joinedOf := s.joined, s.joinedOf
	s.mutex.Unlock()
	if !set {
		return nil, ErrNoConfig
	}
	manifest, split := data[configparts.ManifestKey(s.key)]
	if !split {
		return data[s.key], nil
	}
	// The same manifest names the same bytes: no need to read the
	// siblings again.
	if joinedOf != nil && bytes.Equal(manifest, joinedOf) {
		return joined, nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), siblingReadTimeout)
	defer cancel()
	secrets := s.client.CoreV1().Secrets(s.secret.Namespace)
	joined, err := configparts.JoinSecrets(s.key, data, func(index int) (map[string][]byte, error) {
		sibling, err := secrets.Get(ctx, configparts.SiblingName(s.secret.Name, index), metav1.GetOptions{})
		if err != nil {
			return nil, err
		}
		return sibling.Data, nil
	})
	if err != nil {
		return nil, fmt.Errorf("join the configuration from %s: %w", s.Name, err)
	}
	s.mutex.Lock()
	s.joined, s.joinedOf = joined, bytes.Clone(manifest)
	s.mutex.Unlock()
	return joined, nil
}

// String implements ConfigSource.
func (s *SecretSource) String() string { return s.Name }

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package provision gives the admission webhook its certificates without
// cert-manager: a self-signed CA and a serving certificate kept in one
// Secret shared by every replica, renewed when a third of their lifetime
// is left, written to the files the HTTPS server reloads, and the CA
// bundle injected into the webhook configurations and the conversion
// stanza of CRDs.
package provision

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	corev1 "k8s.io/api/core/v1"
	apiextensionsclient "k8s.io/apiextensions-apiserver/pkg/client/clientset/clientset"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
	"k8s.io/client-go/kubernetes"
	"k8s.io/utils/clock"
)

// Keys of the Secret.
const (
	CACertKey      = "ca.crt"
	CAKeyKey       = "ca.key"
	TLSCertKey     = corev1.TLSCertKey
	TLSKeyKey      = corev1.TLSPrivateKeyKey
	managedByLabel = "app.kubernetes.io/managed-by"
	managedBy      = "prometheus-operator-admission-webhook"
)

// Default lifetimes: renewal starts when a third is left, so the serving
// certificate is renewed four months and the CA twenty months before
// they expire.
const (
	DefaultCALifetime          = 5 * 365 * 24 * time.Hour
	DefaultCertificateLifetime = 365 * 24 * time.Hour
)

// Options configure a Provisioner.
type Options struct {
	// Kube reads and writes the Secret and the webhook configurations.
	Kube kubernetes.Interface
	// APIExtensions updates the CRDs' conversion webhook CA bundle.
	APIExtensions apiextensionsclient.Interface
	// SecretNamespace and SecretName locate the Secret.
	SecretNamespace, SecretName string
	// Names are the DNS names (or IP addresses) of the serving certificate,
	// the first one its common name.
	Names []string
	// WebhookConfigurations are the names of the Validating and Mutating
	// webhook configurations whose every webhook gets the CA bundle.
	WebhookConfigurations []string
	// ConversionCRDs are the CRDs whose conversion webhook gets the bundle.
	ConversionCRDs []string
	// CertFile and KeyFile receive the serving certificate and key.
	CertFile, KeyFile string
	// CALifetime and CertificateLifetime default to the Default* values.
	CALifetime, CertificateLifetime time.Duration
	// Clock decides about renewals; the real clock by default.
	Clock clock.PassiveClock
	// Logger receives what changed.
	Logger *slog.Logger
}

// Provisioner keeps the certificates, files and bundles in shape.
type Provisioner struct {
	options Options
}

// New checks the options and returns a Provisioner.
func New(options Options) (*Provisioner, error) {
	if options.Kube == nil || options.SecretNamespace == "" || options.SecretName == "" || len(options.Names) == 0 {
		return nil, errors.New("provisioning needs a client, the Secret's namespace and name, and the certificate's names")
	}
	if options.CertFile == "" || options.KeyFile == "" {
		return nil, errors.New("provisioning needs the certificate and key file paths")
	}
	if options.CALifetime <= 0 {
		options.CALifetime = DefaultCALifetime
	}
	if options.CertificateLifetime <= 0 {
		options.CertificateLifetime = DefaultCertificateLifetime
	}
	if options.Clock == nil {
		options.Clock = clock.RealClock{}
	}
	if options.Logger == nil {
		options.Logger = slog.New(slog.DiscardHandler)
	}
	return &Provisioner{options: options}, nil
}

// Sync makes the Secret hold valid certificates (creating or renewing
// them), injects the CA bundle, then writes the serving certificate to the
// files: the bundle is trusted before the certificate it signs is served.
func (p *Provisioner) Sync(ctx context.Context) error {
	secret, err := p.ensureSecret(ctx)
	if err != nil {
		return err
	}
	caBundle := secret.Data[CACertKey]
	injectErr := p.inject(ctx, caBundle)
	writeErr := errors.Join(
		writeIfChanged(p.options.CertFile, secret.Data[TLSCertKey]),
		writeIfChanged(p.options.KeyFile, secret.Data[TLSKeyKey]),
	)
	return errors.Join(injectErr, writeErr)
}

// Run calls Sync every interval until ctx is done, logging failures.
func (p *Provisioner) Run(ctx context.Context, interval time.Duration) {
	ticker := time.NewTicker(interval)
	defer ticker.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-ticker.C:
		}
		if err := p.Sync(ctx); err != nil {
			p.options.Logger.Error("certificate provisioning failed; retrying", "err", err)
		}
	}
}

// ensureSecret returns the Secret once it holds a CA and a serving
// certificate that need no renewal, creating or updating it when needed.
// Replicas race through optimistic concurrency: the loser of a create or
// update reads the winner's Secret.
func (p *Provisioner) ensureSecret(ctx context.Context) (*corev1.Secret, error) {
	secrets := p.options.Kube.CoreV1().Secrets(p.options.SecretNamespace)
	for attempt := 0; attempt < 3; attempt++ {
		secret, err := secrets.Get(ctx, p.options.SecretName, metav1.GetOptions{})
		exists := err == nil
		switch {
		case apierrors.IsNotFound(err):
			secret = &corev1.Secret{
				ObjectMeta: metav1.ObjectMeta{Name: p.options.SecretName, Namespace: p.options.SecretNamespace, Labels: map[string]string{managedByLabel: managedBy}},
				Type:       corev1.SecretTypeOpaque,
			}
		case err != nil:
			return nil, fmt.Errorf("get Secret %s/%s: %w", p.options.SecretNamespace, p.options.SecretName, err)
		}
		data, changed, err := p.renew(secret.Data)
		if err != nil {
			return nil, err
		}
		if !changed {
			return secret, nil
		}
		secret = secret.DeepCopy()
		secret.Data = data
		if !exists {
			secret, err = secrets.Create(ctx, secret, metav1.CreateOptions{})
		} else {
			secret, err = secrets.Update(ctx, secret, metav1.UpdateOptions{})
		}
		if apierrors.IsAlreadyExists(err) || apierrors.IsConflict(err) {
			continue // Another replica wrote first: use its certificates.
		}
		if err != nil {
			return nil, fmt.Errorf("write Secret %s/%s: %w", p.options.SecretNamespace, p.options.SecretName, err)
		}
		p.options.Logger.Info("certificates written", "secret", p.options.SecretNamespace+"/"+p.options.SecretName)
		return secret, nil
	}
	return nil, fmt.Errorf("Secret %s/%s keeps changing under us", p.options.SecretNamespace, p.options.SecretName)
}

// renew returns the Secret data with a fresh CA and/or serving certificate
// where the current ones are missing, invalid, or due for renewal.
func (p *Provisioner) renew(data map[string][]byte) (map[string][]byte, bool, error) {
	now := p.options.Clock.Now()
	ca, err := loadAuthority(firstCertificate(data[CACertKey]), data[CAKeyKey])
	renewCA := err != nil || needsRenewal(ca.certificate, now)
	renewCertificate := renewCA || p.certificateNeedsRenewal(ca, data, now)
	if !renewCertificate {
		return data, false, nil
	}
	previousBundle := data[CACertKey]
	if renewCA {
		p.options.Logger.Info("creating a new CA", "reason", reasonFor(err))
		if ca, err = newAuthority(p.options.SecretName, now, p.options.CALifetime); err != nil {
			return nil, false, err
		}
	}
	certPEM, keyPEM, err := ca.issue(p.options.Names, now, p.options.CertificateLifetime)
	if err != nil {
		return nil, false, err
	}
	return map[string][]byte{
		CACertKey:  bundle(ca, previousBundle, now),
		CAKeyKey:   ca.keyPEM,
		TLSCertKey: certPEM,
		TLSKeyKey:  keyPEM,
	}, true, nil
}

func reasonFor(err error) string {
	if err != nil {
		return err.Error()
	}
	return "the CA is due for renewal"
}

// certificateNeedsRenewal checks the serving certificate: signed by ca,
// for the configured names, and not due.
func (p *Provisioner) certificateNeedsRenewal(ca *authority, data map[string][]byte, now time.Time) bool {
	certificate, err := parseCertificate(data[TLSCertKey])
	if err != nil || len(data[TLSKeyKey]) == 0 {
		return true
	}
	if certificate.CheckSignatureFrom(ca.certificate) != nil || needsRenewal(certificate, now) {
		return true
	}
	for _, name := range p.options.Names {
		if certificate.VerifyHostname(name) != nil {
			return true
		}
	}
	return false
}

// firstCertificate returns the first PEM block of a bundle (the current CA).
func firstCertificate(bundle []byte) []byte {
	if certificate, err := parseCertificate(bundle); err == nil {
		return encodeCertificate(certificate.Raw)
	}
	return nil
}

// writeIfChanged replaces path's content through a rename, so the HTTPS
// server's reload never reads half a file.
func writeIfChanged(path string, content []byte) error {
	if current, err := os.ReadFile(path); err == nil && string(current) == string(content) {
		return nil
	}
	temporary, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	// After a successful rename the temporary name is gone and Remove fails
	// harmlessly; it only cleans up after a failed write.
	defer func() { _ = os.Remove(temporary.Name()) }()
	if _, err := temporary.Write(content); err != nil {
		return fmt.Errorf("write %s: %w", path, errors.Join(err, temporary.Close()))
	}
	if err := temporary.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(temporary.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

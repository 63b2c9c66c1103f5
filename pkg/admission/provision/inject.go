// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package provision

import (
	"bytes"
	"context"
	"errors"
	"fmt"

	admissionregistrationv1 "k8s.io/api/admissionregistration/v1"
	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	apierrors "k8s.io/apimachinery/pkg/api/errors"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// inject writes caBundle into every webhook of the named Validating and
// Mutating webhook configurations and into the conversion webhook of the
// named CRDs. A configuration or CRD that does not exist is skipped: the
// user may install only some of them.
func (p *Provisioner) inject(ctx context.Context, caBundle []byte) error {
	var errs []error
	for _, name := range p.options.WebhookConfigurations {
		errs = append(errs, p.injectValidating(ctx, name, caBundle), p.injectMutating(ctx, name, caBundle))
	}
	for _, name := range p.options.ConversionCRDs {
		errs = append(errs, p.injectConversion(ctx, name, caBundle))
	}
	return errors.Join(errs...)
}

// webhookConfigurationClient is the typed client of Validating or
// Mutating webhook configurations.
type webhookConfigurationClient[T any] interface {
	Get(ctx context.Context, name string, options metav1.GetOptions) (*T, error)
	Update(ctx context.Context, object *T, options metav1.UpdateOptions) (*T, error)
}

// webhookConfigurations is one kind of webhook configuration the CA bundle
// is injected into.
type webhookConfigurations[T any] struct {
	kind   string
	client webhookConfigurationClient[T]
	// clientConfigs returns the client configuration of every webhook of a
	// configuration, to be set in place.
	clientConfigs func(*T) []*admissionregistrationv1.WebhookClientConfig
}

// inject sets caBundle in every client configuration of the named webhook
// configuration, writing only when one differs.
func (w webhookConfigurations[T]) inject(ctx context.Context, p *Provisioner, name string, caBundle []byte) error {
	configuration, err := w.client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("get %s %s: %w", w.kind, name, err)
	}
	changed := false
	for _, clientConfig := range w.clientConfigs(configuration) {
		if !bytes.Equal(clientConfig.CABundle, caBundle) {
			clientConfig.CABundle, changed = caBundle, true
		}
	}
	if !changed {
		return nil
	}
	if _, err := w.client.Update(ctx, configuration, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("inject the CA bundle into %s %s: %w", w.kind, name, err)
	}
	p.options.Logger.Info("CA bundle injected", "kind", w.kind, "name", name)
	return nil
}

func (p *Provisioner) injectValidating(ctx context.Context, name string, caBundle []byte) error {
	return webhookConfigurations[admissionregistrationv1.ValidatingWebhookConfiguration]{
		kind:   "ValidatingWebhookConfiguration",
		client: p.options.Kube.AdmissionregistrationV1().ValidatingWebhookConfigurations(),
		clientConfigs: func(configuration *admissionregistrationv1.ValidatingWebhookConfiguration) []*admissionregistrationv1.WebhookClientConfig {
			out := make([]*admissionregistrationv1.WebhookClientConfig, 0, len(configuration.Webhooks))
			for i := range configuration.Webhooks {
				out = append(out, &configuration.Webhooks[i].ClientConfig)
			}
			return out
		},
	}.inject(ctx, p, name, caBundle)
}

func (p *Provisioner) injectMutating(ctx context.Context, name string, caBundle []byte) error {
	return webhookConfigurations[admissionregistrationv1.MutatingWebhookConfiguration]{
		kind:   "MutatingWebhookConfiguration",
		client: p.options.Kube.AdmissionregistrationV1().MutatingWebhookConfigurations(),
		clientConfigs: func(configuration *admissionregistrationv1.MutatingWebhookConfiguration) []*admissionregistrationv1.WebhookClientConfig {
			out := make([]*admissionregistrationv1.WebhookClientConfig, 0, len(configuration.Webhooks))
			for i := range configuration.Webhooks {
				out = append(out, &configuration.Webhooks[i].ClientConfig)
			}
			return out
		},
	}.inject(ctx, p, name, caBundle)
}

// injectConversion sets the bundle of a CRD whose conversion strategy is
// Webhook; a CRD converting with None is left alone.
func (p *Provisioner) injectConversion(ctx context.Context, name string, caBundle []byte) error {
	if p.options.APIExtensions == nil {
		return nil
	}
	client := p.options.APIExtensions.ApiextensionsV1().CustomResourceDefinitions()
	crd, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("get CRD %s: %w", name, err)
	}
	conversion := crd.Spec.Conversion
	if conversion == nil || conversion.Strategy != apiextensionsv1.WebhookConverter || conversion.Webhook == nil || conversion.Webhook.ClientConfig == nil {
		return nil
	}
	if bytes.Equal(conversion.Webhook.ClientConfig.CABundle, caBundle) {
		return nil
	}
	conversion.Webhook.ClientConfig.CABundle = caBundle
	if _, err := client.Update(ctx, crd, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("inject the CA bundle into the conversion webhook of CRD %s: %w", name, err)
	}
	p.options.Logger.Info("CA bundle injected", "crd", name)
	return nil
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package provision

import (
	"bytes"
	"context"
	"errors"
	"fmt"

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

func (p *Provisioner) injectValidating(ctx context.Context, name string, caBundle []byte) error {
	client := p.options.Kube.AdmissionregistrationV1().ValidatingWebhookConfigurations()
	configuration, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("get ValidatingWebhookConfiguration %s: %w", name, err)
	}
	changed := false
	for i := range configuration.Webhooks {
		if !bytes.Equal(configuration.Webhooks[i].ClientConfig.CABundle, caBundle) {
			configuration.Webhooks[i].ClientConfig.CABundle, changed = caBundle, true
		}
	}
	if !changed {
		return nil
	}
	if _, err := client.Update(ctx, configuration, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("inject the CA bundle into ValidatingWebhookConfiguration %s: %w", name, err)
	}
	p.options.Logger.Info("CA bundle injected", "validatingWebhookConfiguration", name)
	return nil
}

func (p *Provisioner) injectMutating(ctx context.Context, name string, caBundle []byte) error {
	client := p.options.Kube.AdmissionregistrationV1().MutatingWebhookConfigurations()
	configuration, err := client.Get(ctx, name, metav1.GetOptions{})
	if apierrors.IsNotFound(err) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("get MutatingWebhookConfiguration %s: %w", name, err)
	}
	changed := false
	for i := range configuration.Webhooks {
		if !bytes.Equal(configuration.Webhooks[i].ClientConfig.CABundle, caBundle) {
			configuration.Webhooks[i].ClientConfig.CABundle, changed = caBundle, true
		}
	}
	if !changed {
		return nil
	}
	if _, err := client.Update(ctx, configuration, metav1.UpdateOptions{}); err != nil {
		return fmt.Errorf("inject the CA bundle into MutatingWebhookConfiguration %s: %w", name, err)
	}
	p.options.Logger.Info("CA bundle injected", "mutatingWebhookConfiguration", name)
	return nil
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

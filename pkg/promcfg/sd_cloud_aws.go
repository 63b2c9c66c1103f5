// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"regexp"
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// The AWS discovery mechanisms: EC2 and Lightsail.

var ec2Family = newFamily("ec2_sd_configs", "ec2SDConfigs", "",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.EC2SDConfig {
		return spec.EC2SDConfigs
	}, buildEC2SD)

var lightsailFamily = newFamily("lightsail_sd_configs", "lightSailSDConfigs", "2.27.0",
	func(spec *monitoringv1alpha1.ScrapeConfigSpec) []monitoringv1alpha1.LightSailSDConfig {
		return spec.LightSailSDConfigs
	}, buildLightsailSD)

// awsRegionPattern accepts AWS region names such as "us-east-1",
// "eu-central-2" or "us-gov-west-1".
var awsRegionPattern = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)

func buildEC2SD(e *sdEntry, config *monitoringv1alpha1.EC2SDConfig) {
	awsCredentials(e, &config.AWSCredentials)
	e.refreshInterval(config.RefreshInterval)
	e.port(config.Port)
	e.filters(config.Filters)
	// EC2 discovery took HTTP client settings in Prometheus 2.41.
	e.httpClientSince("2.41.0", transportClient(config.SDTransportConfig))
}

func buildLightsailSD(e *sdEntry, config *monitoringv1alpha1.LightSailSDConfig) {
	awsCredentials(e, &config.AWSCredentials)
	if config.Endpoint != nil {
		e.url("endpoint", *config.Endpoint)
	}
	e.port(config.Port)
	e.refreshInterval(config.RefreshInterval)
	e.httpClient(fullClient(config.SDHTTPClientConfig))
}

// awsCredentials writes the region and either an access key pair, inlined
// from Secrets, or a role to assume.
func awsCredentials(e *sdEntry, credentials *monitoringv1alpha1.AWSCredentials) {
	e.token("region", credentials.Region, awsRegionPattern)
	switch {
	case credentials.AccessKey != nil && credentials.SecretKey != nil:
		e.add("access_key", e.requiredSecret("accessKey", *credentials.AccessKey))
		e.add("secret_key", e.requiredSecret("secretKey", *credentials.SecretKey))
	case credentials.AccessKey != nil || credentials.SecretKey != nil:
		e.failf("accessKey and secretKey must be set together")
	}
	if arn := credentials.RoleARN; arn != nil {
		if !strings.HasPrefix(*arn, "arn:") {
			e.failf("roleARN: %q is not an ARN", *arn)
		}
		e.text("role_arn", *arn)
	}
}

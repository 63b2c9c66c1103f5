// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"errors"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"strings"

	"github.com/prometheus/common/model"

	monitoringv1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1"
	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/httpconfig"
)

// Validate runs the semantic checks of one AlertmanagerConfig that need
// neither the cluster nor the target version: what the admission webhook
// enforces. The error names the receiver, interval or route and the field.
func Validate(config *monitoringv1alpha1.AlertmanagerConfig) error {
	if config == nil {
		return errors.New("no AlertmanagerConfig given")
	}
	receivers := map[string]bool{}
	for i := range config.Spec.Receivers {
		receiver := &config.Spec.Receivers[i]
		if receivers[receiver.Name] {
			return fmt.Errorf("receiver %q is not unique", receiver.Name)
		}
		receivers[receiver.Name] = true
		if err := validateReceiver(receiver); err != nil {
			return fmt.Errorf("receiver %q: %w", receiver.Name, err)
		}
	}
	intervals := map[string]bool{}
	for i := range config.Spec.MuteTimeIntervals {
		interval := &config.Spec.MuteTimeIntervals[i]
		if _, err := convertTimeInterval("", interval); err != nil {
			return fmt.Errorf("muteTimeIntervals[%d]: %w", i, err)
		}
		intervals[interval.Name] = true
	}
	for i, rule := range config.Spec.InhibitRules {
		for _, matcher := range append(append([]monitoringv1alpha1.Matcher{}, rule.SourceMatch...), rule.TargetMatch...) {
			if err := validateMatcher(matcher); err != nil {
				return fmt.Errorf("inhibitRules[%d]: %w", i, err)
			}
		}
	}
	if config.Spec.Route == nil {
		return nil
	}
	if config.Spec.Route.Receiver == "" {
		return errors.New("route.receiver: the top route must name a receiver")
	}
	return validateRoute(config.Spec.Route, "route", receivers, intervals)
}

// validateRoute checks a route and its children.
func validateRoute(route *monitoringv1alpha1.Route, path string, receivers, intervals map[string]bool) error {
	if route.Receiver != "" && !receivers[route.Receiver] {
		return fmt.Errorf("%s.receiver: receiver %q not found", path, route.Receiver)
	}
	seen := map[string]bool{}
	for _, label := range route.GroupBy {
		if seen[label] {
			return fmt.Errorf("%s.groupBy: duplicate label %q", path, label)
		}
		seen[label] = true
	}
	if seen["..."] && len(route.GroupBy) > 1 {
		return fmt.Errorf("%s.groupBy: \"...\" must be the only entry", path)
	}
	for _, name := range append(append([]string{}, route.MuteTimeIntervals...), route.ActiveTimeIntervals...) {
		if !intervals[name] {
			return fmt.Errorf("%s: time interval %q not found", path, name)
		}
	}
	for field, text := range map[string]string{"groupWait": string(route.GroupWait),
		"groupInterval": string(route.GroupInterval), "repeatInterval": string(route.RepeatInterval)} {
		if err := checkDuration(text); text != "" && err != nil {
			return fmt.Errorf("%s.%s: %w", path, field, err)
		}
	}
	for _, matcher := range route.Matchers {
		if err := validateMatcher(matcher); err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
	}
	children, err := childRoutes(route)
	if err != nil {
		return fmt.Errorf("%s.%w", path, err)
	}
	for i := range children {
		if err := validateRoute(&children[i], fmt.Sprintf("%s.routes[%d]", path, i), receivers, intervals); err != nil {
			return err
		}
	}
	return nil
}

// labelName is what Alertmanager's classic matcher parser accepts as a label.
var labelName = regexp.MustCompile(`^[a-zA-Z_][a-zA-Z0-9_]*$`)

// validateMatcher checks the name, operator and, for regular expressions,
// the value of a matcher.
func validateMatcher(matcher monitoringv1alpha1.Matcher) error {
	if !labelName.MatchString(matcher.Name) {
		return fmt.Errorf("matcher %q: invalid label name", matcher.Name)
	}
	switch matcher.MatchType {
	case "", monitoringv1alpha1.MatchEqual, monitoringv1alpha1.MatchNotEqual:
	case monitoringv1alpha1.MatchRegexp, monitoringv1alpha1.MatchNotRegexp:
	default:
		return fmt.Errorf("matcher %q: invalid matchType %q", matcher.Name, matcher.MatchType)
	}
	regex := matcher.MatchType == monitoringv1alpha1.MatchRegexp || matcher.MatchType == monitoringv1alpha1.MatchNotRegexp ||
		(matcher.MatchType == "" && matcher.Regex)
	if regex {
		if _, err := regexp.Compile("^(?:" + matcher.Value + ")$"); err != nil {
			return fmt.Errorf("matcher %q: invalid regular expression: %w", matcher.Name, err)
		}
	}
	return nil
}

// checkDuration parses a Prometheus duration.
func checkDuration(text string) error {
	if _, err := model.ParseDuration(text); err != nil {
		return fmt.Errorf("invalid duration %q", text)
	}
	return nil
}

// checkLiteralURL checks a URL written in the spec (not from a Secret).
func checkLiteralURL(field, text string) error {
	if text == "" {
		return nil
	}
	parsed, err := url.Parse(text)
	if err != nil {
		return fmt.Errorf("%s: invalid URL: %w", field, err)
	}
	if parsed.Scheme == "" || parsed.Host == "" {
		return fmt.Errorf("%s: %q is not an absolute URL", field, text)
	}
	return nil
}

// checkTemplateURL checks a URL that may hold Go templates: only the parts
// outside the templates must form a URL.
func checkTemplateURL(field, text string) error {
	if strings.Contains(text, "{{") {
		return nil
	}
	return checkLiteralURL(field, text)
}

// validateReceiver runs the per-integration semantic checks.
func validateReceiver(receiver *monitoringv1alpha1.Receiver) error {
	checks := []func(*monitoringv1alpha1.Receiver) error{
		validatePaging, validateChat, validateMessaging,
	}
	for _, check := range checks {
		if err := check(receiver); err != nil {
			return err
		}
	}
	return nil
}

func validateHTTP(field string, in *monitoringv1alpha1.HTTPConfig) error {
	if in == nil {
		return nil
	}
	count := 0
	for _, set := range []bool{in.BasicAuth != nil, in.OAuth2 != nil, in.BearerTokenSecret != nil, in.Authorization != nil} {
		if set {
			count++
		}
	}
	switch {
	case count > 1:
		return fmt.Errorf("%s.httpConfig: at most one of basicAuth, oauth2, bearerTokenSecret and authorization may be set", field)
	case in.Authorization != nil && strings.EqualFold(strings.TrimSpace(in.Authorization.Type), "basic"):
		return fmt.Errorf("%s.httpConfig.authorization: type \"Basic\" is not allowed, use basicAuth", field)
	case in.OAuth2 != nil && in.OAuth2.TokenURL == "":
		return fmt.Errorf("%s.httpConfig.oauth2.tokenUrl: must be set", field)
	}
	if in.TLSConfig != nil {
		if err := validateTLS(field+".httpConfig.tlsConfig", in.TLSConfig); err != nil {
			return err
		}
	}
	proxy := in.ProxyConfig
	if proxy.ProxyURL != nil && *proxy.ProxyURL != "" {
		if err := checkLiteralURL(field+".httpConfig.proxyUrl", *proxy.ProxyURL); err != nil {
			return err
		}
	}
	return nil
}

// validateTLS applies the shared TLS checks, naming field.
func validateTLS(field string, in *monitoringv1.SafeTLSConfig) error {
	if err := httpconfig.ValidateSafeTLS(in, "", ""); err != nil {
		return fmt.Errorf("%s: %w", field, err)
	}
	return nil
}

// checkSmarthost checks "host:port".
func checkSmarthost(field, text string) error {
	if text == "" {
		return nil
	}
	if _, _, err := net.SplitHostPort(text); err != nil {
		return fmt.Errorf("%s.smarthost: %q is not host:port", field, text)
	}
	return nil
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package v1beta1

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"

	apiextensionsv1 "k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
)

// Conversion between this version and the v1alpha1 hub.
//
// The two versions share most of their wire shape, so receivers and time
// intervals are converted by re-encoding their JSON. The differences are
// handled explicitly:
//   - spec.timeIntervals here is spec.muteTimeIntervals in v1alpha1;
//   - v1alpha1 matchers have a deprecated "regex" flag, folded into matchType
//     ("=~") when converting to this version;
//   - secret references here have no "optional" flag, and Opsgenie configs have
//     no "updateAlerts": both are dropped when converting to this version.
//
// Converting to the hub decodes receivers and time intervals strictly, so a
// field this version has and v1alpha1 lacks is an error rather than silently
// dropped. Child routes are schemaless and decoded leniently in both directions.

// ConvertTo fills hub, the v1alpha1 storage form, from this object.
func (in *AlertmanagerConfig) ConvertTo(hub *v1alpha1.AlertmanagerConfig) error {
	hub.TypeMeta = metav1.TypeMeta{APIVersion: v1alpha1.SchemeGroupVersion.String(), Kind: v1alpha1.AlertmanagerConfigKind}
	hub.ObjectMeta = *in.ObjectMeta.DeepCopy()
	hub.Status = *in.Status.DeepCopy()

	route, err := routeToHub(in.Spec.Route)
	if err != nil {
		return fmt.Errorf("converting %s/%s to v1alpha1: route: %w", in.Namespace, in.Name, err)
	}
	spec := v1alpha1.AlertmanagerConfigSpec{
		Route:        route,
		InhibitRules: inhibitRulesToHub(in.Spec.InhibitRules),
	}
	if err := transcode(in.Spec.Receivers, &spec.Receivers, true); err != nil {
		return fmt.Errorf("converting %s/%s to v1alpha1: receivers: %w", in.Namespace, in.Name, err)
	}
	if err := transcode(in.Spec.TimeIntervals, &spec.MuteTimeIntervals, true); err != nil {
		return fmt.Errorf("converting %s/%s to v1alpha1: time intervals: %w", in.Namespace, in.Name, err)
	}
	hub.Spec = spec
	return nil
}

// ConvertFrom fills this object from hub, the v1alpha1 storage form.
func (out *AlertmanagerConfig) ConvertFrom(hub *v1alpha1.AlertmanagerConfig) error {
	out.TypeMeta = metav1.TypeMeta{APIVersion: SchemeGroupVersion.String(), Kind: AlertmanagerConfigKind}
	out.ObjectMeta = *hub.ObjectMeta.DeepCopy()
	out.Status = *hub.Status.DeepCopy()

	route, err := routeFromHub(hub.Spec.Route)
	if err != nil {
		return fmt.Errorf("converting %s/%s from v1alpha1: route: %w", hub.Namespace, hub.Name, err)
	}
	spec := AlertmanagerConfigSpec{
		Route:        route,
		InhibitRules: inhibitRulesFromHub(hub.Spec.InhibitRules),
	}
	// Lenient: the documented v1alpha1-only fields are dropped.
	if err := transcode(hub.Spec.Receivers, &spec.Receivers, false); err != nil {
		return fmt.Errorf("converting %s/%s from v1alpha1: receivers: %w", hub.Namespace, hub.Name, err)
	}
	if err := transcode(hub.Spec.MuteTimeIntervals, &spec.TimeIntervals, true); err != nil {
		return fmt.Errorf("converting %s/%s from v1alpha1: time intervals: %w", hub.Namespace, hub.Name, err)
	}
	out.Spec = spec
	return nil
}

// transcode copies in into out through JSON. With strict set, a field of in
// that out has no room for is an error.
func transcode(in, out any, strict bool) error {
	encoded, err := json.Marshal(in)
	if err != nil {
		return fmt.Errorf("encoding: %w", err)
	}
	decoder := json.NewDecoder(bytes.NewReader(encoded))
	if strict {
		decoder.DisallowUnknownFields()
	}
	if err := decoder.Decode(out); err != nil {
		return fmt.Errorf("decoding: %w", err)
	}
	return nil
}

// routeToHub converts a route and, recursively, its child routes.
func routeToHub(in *Route) (*v1alpha1.Route, error) {
	if in == nil {
		return nil, nil
	}
	out := &v1alpha1.Route{
		Receiver:            in.Receiver,
		GroupBy:             slices.Clone(in.GroupBy),
		GroupWait:           in.GroupWait,
		GroupInterval:       in.GroupInterval,
		RepeatInterval:      in.RepeatInterval,
		Matchers:            matchersToHub(in.Matchers),
		Continue:            in.Continue,
		MuteTimeIntervals:   slices.Clone(in.MuteTimeIntervals),
		ActiveTimeIntervals: slices.Clone(in.ActiveTimeIntervals),
	}
	children, err := convertChildRoutes(in.Routes, routeToHub)
	if err != nil {
		return nil, err
	}
	out.Routes = children
	return out, nil
}

// routeFromHub converts a hub route and, recursively, its child routes.
func routeFromHub(in *v1alpha1.Route) (*Route, error) {
	if in == nil {
		return nil, nil
	}
	out := &Route{
		Receiver:            in.Receiver,
		GroupBy:             slices.Clone(in.GroupBy),
		GroupWait:           in.GroupWait,
		GroupInterval:       in.GroupInterval,
		RepeatInterval:      in.RepeatInterval,
		Matchers:            matchersFromHub(in.Matchers),
		Continue:            in.Continue,
		MuteTimeIntervals:   slices.Clone(in.MuteTimeIntervals),
		ActiveTimeIntervals: slices.Clone(in.ActiveTimeIntervals),
	}
	children, err := convertChildRoutes(in.Routes, routeFromHub)
	if err != nil {
		return nil, err
	}
	out.Routes = children
	return out, nil
}

// convertChildRoutes decodes each schemaless child route as a From route,
// converts it with convert and encodes the result again.
func convertChildRoutes[From, To any](children []apiextensionsv1.JSON, convert func(*From) (*To, error)) ([]apiextensionsv1.JSON, error) {
	if children == nil {
		return nil, nil
	}
	out := make([]apiextensionsv1.JSON, 0, len(children))
	for i, child := range children {
		var route From
		if err := json.Unmarshal(child.Raw, &route); err != nil {
			return nil, fmt.Errorf("routes[%d]: decoding: %w", i, err)
		}
		converted, err := convert(&route)
		if err != nil {
			return nil, fmt.Errorf("routes[%d]: %w", i, err)
		}
		encoded, err := json.Marshal(converted)
		if err != nil {
			return nil, fmt.Errorf("routes[%d]: encoding: %w", i, err)
		}
		out = append(out, apiextensionsv1.JSON{Raw: encoded})
	}
	return out, nil
}

func matchersToHub(in []Matcher) []v1alpha1.Matcher {
	if in == nil {
		return nil
	}
	out := make([]v1alpha1.Matcher, len(in))
	for i, matcher := range in {
		out[i] = v1alpha1.Matcher{
			Name:      matcher.Name,
			Value:     matcher.Value,
			MatchType: v1alpha1.MatchType(matcher.MatchType),
		}
	}
	return out
}

// matchersFromHub folds the deprecated regex flag into the match type. An empty
// match type without the flag stays empty, which both versions read as "=".
func matchersFromHub(in []v1alpha1.Matcher) []Matcher {
	if in == nil {
		return nil
	}
	out := make([]Matcher, len(in))
	for i, matcher := range in {
		matchType := MatchType(matcher.MatchType)
		if matchType == "" && matcher.Regex {
			matchType = MatchRegexp
		}
		out[i] = Matcher{Name: matcher.Name, Value: matcher.Value, MatchType: matchType}
	}
	return out
}

func inhibitRulesToHub(in []InhibitRule) []v1alpha1.InhibitRule {
	if in == nil {
		return nil
	}
	out := make([]v1alpha1.InhibitRule, len(in))
	for i, rule := range in {
		out[i] = v1alpha1.InhibitRule{
			TargetMatch: matchersToHub(rule.TargetMatch),
			SourceMatch: matchersToHub(rule.SourceMatch),
			Equal:       slices.Clone(rule.Equal),
		}
	}
	return out
}

func inhibitRulesFromHub(in []v1alpha1.InhibitRule) []InhibitRule {
	if in == nil {
		return nil
	}
	out := make([]InhibitRule, len(in))
	for i, rule := range in {
		out[i] = InhibitRule{
			TargetMatch: matchersFromHub(rule.TargetMatch),
			SourceMatch: matchersFromHub(rule.SourceMatch),
			Equal:       slices.Clone(rule.Equal),
		}
	}
	return out
}

// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package amcfg

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	monitoringv1alpha1 "github.com/seed-6daed11e/prometheus-operator/apis/monitoring/v1alpha1"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// route is a converted route, in the shape of alertmanager.yaml.
type route struct {
	receiver            string
	groupBy             []string
	match, matchRegexp  map[string]string
	matchers            []string
	continues           bool
	routes              []*route
	groupWait           string
	groupInterval       string
	repeatInterval      string
	muteTimeIntervals   []string
	activeTimeIntervals []string
}

// YAMLMap lays the route out; the normaliser orders and prunes it.
func (r *route) YAMLMap() yamldoc.Map {
	children := make([]yamldoc.Map, 0, len(r.routes))
	for _, child := range r.routes {
		children = append(children, child.YAMLMap())
	}
	return yamldoc.Map{}.Add("receiver", r.receiver).Add("group_by", r.groupBy).Add("match", r.match).
		Add("match_re", r.matchRegexp).Add("matchers", r.matchers).Add("continue", r.continues).
		Add("routes", children).Add("group_wait", r.groupWait).Add("group_interval", r.groupInterval).
		Add("repeat_interval", r.repeatInterval).Add("mute_time_intervals", r.muteTimeIntervals).
		Add("active_time_intervals", r.activeTimeIntervals)
}

// prefixed qualifies a name local to a resource with "<namespace>/<name>/";
// an empty name stays empty (a child route inherits its receiver).
func prefixed(prefix, name string) string {
	if name == "" {
		return ""
	}
	return prefix + name
}

// childRoutes decodes the schemaless child routes, refusing unknown fields.
func childRoutes(in *monitoringv1alpha1.Route) ([]monitoringv1alpha1.Route, error) {
	out := make([]monitoringv1alpha1.Route, len(in.Routes))
	for i, raw := range in.Routes {
		decoder := json.NewDecoder(bytes.NewReader(raw.Raw))
		decoder.DisallowUnknownFields()
		if err := decoder.Decode(&out[i]); err != nil {
			return nil, fmt.Errorf("routes[%d]: %w", i, err)
		}
	}
	return out, nil
}

// matcherSyntax says how matchers are written for the target version.
type matcherSyntax struct {
	// modern is true from Alertmanager 0.22 on: every matcher goes to the
	// "matchers" list; before it only the legacy maps exist.
	modern bool
}

// matcherText renders a matcher as Alertmanager parses it: name, operator,
// then the value double-quoted with backslash, newline and quote escaped.
func matcherText(name string, operator monitoringv1alpha1.MatchType, value string) string {
	escaped := strings.NewReplacer(`\`, `\\`, "\n", `\n`, `"`, `\"`).Replace(value)
	return name + string(operator) + `"` + escaped + `"`
}

// convert splits matchers into the matchers list and the legacy maps.
func (s matcherSyntax) convert(in []monitoringv1alpha1.Matcher) (matchers []string, match, matchRegexp map[string]string) {
	match, matchRegexp = map[string]string{}, map[string]string{}
	for _, m := range in {
		switch {
		case m.MatchType != "":
			matchers = append(matchers, matcherText(m.Name, m.MatchType, m.Value))
		case s.modern && m.Regex:
			matchers = append(matchers, matcherText(m.Name, monitoringv1alpha1.MatchRegexp, m.Value))
		case s.modern:
			matchers = append(matchers, matcherText(m.Name, monitoringv1alpha1.MatchEqual, m.Value))
		case m.Regex:
			matchRegexp[m.Name] = m.Value
		default:
			match[m.Name] = m.Value
		}
	}
	return matchers, match, matchRegexp
}

// convertRoute converts a route tree of a resource; names are prefixed.
func (s matcherSyntax) convertRoute(prefix string, in *monitoringv1alpha1.Route) (*route, error) {
	matchers, match, matchRegexp := s.convert(in.Matchers)
	out := &route{
		receiver: prefixed(prefix, in.Receiver), groupBy: in.GroupBy, match: match, matchRegexp: matchRegexp,
		matchers: matchers, continues: in.Continue, groupWait: string(in.GroupWait),
		groupInterval: string(in.GroupInterval), repeatInterval: string(in.RepeatInterval),
	}
	for _, name := range in.MuteTimeIntervals {
		out.muteTimeIntervals = append(out.muteTimeIntervals, prefixed(prefix, name))
	}
	for _, name := range in.ActiveTimeIntervals {
		out.activeTimeIntervals = append(out.activeTimeIntervals, prefixed(prefix, name))
	}
	children, err := childRoutes(in)
	if err != nil {
		return nil, err
	}
	for i := range children {
		child, err := s.convertRoute(prefix, &children[i])
		if err != nil {
			return nil, fmt.Errorf("routes[%d].%w", i, err)
		}
		out.routes = append(out.routes, child)
	}
	return out, nil
}

// inhibitRule is a converted inhibit rule.
type inhibitRule struct {
	targetMatch, targetMatchRegexp map[string]string
	targetMatchers                 []string
	sourceMatch, sourceMatchRegexp map[string]string
	sourceMatchers                 []string
	equal                          []string
}

// YAMLMap lays the rule out; the normaliser orders and prunes it.
func (r *inhibitRule) YAMLMap() yamldoc.Map {
	return yamldoc.Map{}.Add("target_match", r.targetMatch).Add("target_match_re", r.targetMatchRegexp).
		Add("target_matchers", r.targetMatchers).Add("source_match", r.sourceMatch).
		Add("source_match_re", r.sourceMatchRegexp).Add("source_matchers", r.sourceMatchers).Add("equal", r.equal)
}

func (s matcherSyntax) convertInhibitRule(in *monitoringv1alpha1.InhibitRule) *inhibitRule {
	out := &inhibitRule{equal: in.Equal}
	out.sourceMatchers, out.sourceMatch, out.sourceMatchRegexp = s.convert(in.SourceMatch)
	out.targetMatchers, out.targetMatch, out.targetMatchRegexp = s.convert(in.TargetMatch)
	return out
}

// namespaceLabel is the alert label the namespace matchers test.
const namespaceLabel = "namespace"

// enforcer restricts the first-level route and the inhibit rules of a
// resource to alerts of its namespace, per the matcher strategy.
type enforcer struct {
	syntax matcherSyntax
	// strategy is the Alertmanager's alertmanagerConfigMatcherStrategy type.
	strategy string
	// alertmanagerNamespace is exempt under OnNamespaceExceptForAlertmanagerNamespace.
	alertmanagerNamespace string
}

// applies tells whether resources of namespace get a namespace matcher.
func (e enforcer) applies(namespace string) bool {
	switch e.strategy {
	case "None":
		return false
	case "OnNamespaceExceptForAlertmanagerNamespace":
		return namespace != e.alertmanagerNamespace
	}
	return true
}

// route adds the namespace matcher to a first-level route and makes it
// continue, so the routes after it still see the alert.
func (e enforcer) route(namespace string, r *route) {
	if e.applies(namespace) {
		if e.syntax.modern {
			r.matchers = append(r.matchers, matcherText(namespaceLabel, monitoringv1alpha1.MatchEqual, namespace))
		} else {
			r.match[namespaceLabel] = namespace
		}
	}
	r.continues = true
}

// inhibitRule restricts both sides of a rule to the namespace.
func (e enforcer) inhibitRule(namespace string, r *inhibitRule) {
	if !e.applies(namespace) {
		return
	}
	delete(r.sourceMatchRegexp, namespaceLabel)
	delete(r.targetMatchRegexp, namespaceLabel)
	if !e.syntax.modern {
		r.sourceMatch[namespaceLabel] = namespace
		r.targetMatch[namespaceLabel] = namespace
		return
	}
	matcher := matcherText(namespaceLabel, monitoringv1alpha1.MatchEqual, namespace)
	if !containsIgnoringSpaces(r.sourceMatchers, matcher) {
		r.sourceMatchers = append(r.sourceMatchers, matcher)
	}
	if !containsIgnoringSpaces(r.targetMatchers, matcher) {
		r.targetMatchers = append(r.targetMatchers, matcher)
	}
	delete(r.sourceMatch, namespaceLabel)
	delete(r.targetMatch, namespaceLabel)
}

func containsIgnoringSpaces(list []string, value string) bool {
	value = strings.ReplaceAll(value, " ", "")
	for _, item := range list {
		if strings.ReplaceAll(item, " ", "") == value {
			return true
		}
	}
	return false
}

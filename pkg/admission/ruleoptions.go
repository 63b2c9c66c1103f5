// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package admission

import (
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/prometheus/prometheus/promql/parser"
)

// Name validation schemes of the --name-validation-scheme flag.
const (
	NameValidationLegacy = "legacy"
	NameValidationUTF8   = "utf8"
)

// RuleOptions are the flags that tune how PrometheusRules are parsed,
// upstream's --name-validation-scheme and --promql-options.
type RuleOptions struct {
	// NameValidationScheme is legacy or utf8.
	NameValidationScheme string
	// PromQLOptions are the parser options named by --promql-options.
	PromQLOptions parser.Options
}

// Validate checks the name validation scheme.
func (o RuleOptions) Validate() error {
	if o.NameValidationScheme != NameValidationLegacy && o.NameValidationScheme != NameValidationUTF8 {
		return fmt.Errorf("%q: want %s or %s", o.NameValidationScheme, NameValidationLegacy, NameValidationUTF8)
	}
	return nil
}

// promQLOptions maps upstream's --promql-options names to parser
// settings. Duration expressions and extended range selectors are always
// parsed by the PromQL parser we build with, so their names are accepted
// and change nothing.
var promQLOptions = map[string]func(*parser.Options){
	"experimental-functions":      func(o *parser.Options) { o.EnableExperimentalFunctions = true },
	"binop-fill-modifiers":        func(o *parser.Options) { o.EnableBinopFillModifiers = true },
	"duration-expression-parsing": func(*parser.Options) {},
	"extended-range-selectors":    func(*parser.Options) {},
}

// PromQLOptionNames lists the accepted --promql-options values.
func PromQLOptionNames() []string { return slices.Sorted(maps.Keys(promQLOptions)) }

// ParsePromQLOptions reads a comma-separated --promql-options value.
func ParsePromQLOptions(value string) (parser.Options, error) {
	var options parser.Options
	for name := range strings.SplitSeq(value, ",") {
		name = strings.TrimSpace(name)
		if name == "" {
			continue
		}
		set, ok := promQLOptions[name]
		if !ok {
			return parser.Options{}, fmt.Errorf("unknown option %q; known options: %s", name, strings.Join(PromQLOptionNames(), ", "))
		}
		set(&options)
	}
	return options, nil
}

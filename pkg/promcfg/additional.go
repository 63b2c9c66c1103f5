// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promcfg

import (
	"fmt"

	yaml "go.yaml.in/yaml/v2"

	"github.com/seed-6daed11e/prometheus-operator/pkg/promcfg/relabel"
	"github.com/seed-6daed11e/prometheus-operator/pkg/yamldoc"
)

// additionalScrapeConfigs decodes the user's extra jobs. They are emitted as
// written, except that on a sharded workload each job gets the sharding
// rules appended to its relabel_configs (moved last) unless it already
// shards by hash itself.
func (env *Environment) additionalScrapeConfigs(data []byte) ([]any, error) {
	var jobs []yaml.MapSlice
	if err := yaml.Unmarshal(data, &jobs); err != nil {
		return nil, fmt.Errorf("additional scrape configs: %w", err)
	}
	sharded := !env.daemonSet && env.sharding.Shards > 1
	out := make([]any, 0, len(jobs))
	for i, job := range jobs {
		if !sharded {
			out = append(out, yamldoc.RawYAML{Value: job})
			continue
		}
		rewritten, err := env.shardAdditionalJob(job)
		if err != nil {
			return nil, fmt.Errorf("additional scrape configs[%d]: %w", i, err)
		}
		out = append(out, yamldoc.RawYAML{Value: rewritten})
	}
	return out, nil
}

func (env *Environment) shardAdditionalJob(job yaml.MapSlice) (yaml.MapSlice, error) {
	var others yaml.MapSlice
	var rules []any
	var actions []string
	for _, item := range job {
		if item.Key != "relabel_configs" {
			others = append(others, item)
			continue
		}
		list, ok := item.Value.([]any)
		if !ok {
			return nil, fmt.Errorf("relabel_configs is not a list")
		}
		for _, rule := range list {
			fields, ok := rule.(yaml.MapSlice)
			if !ok {
				return nil, fmt.Errorf("relabel_configs holds a rule that is not a mapping")
			}
			for _, field := range fields {
				if field.Key == "action" {
					actions = append(actions, fmt.Sprint(field.Value))
				}
			}
			rules = append(rules, fields)
		}
	}
	if !relabel.HasHashMod(actions) {
		for _, rule := range env.sharding.Rules(relabel.HashAddress) {
			native, err := yamldoc.ToYAMLv2(rule.YAMLMap())
			if err != nil {
				return nil, err
			}
			rules = append(rules, native)
		}
	}
	return append(others, yaml.MapItem{Key: "relabel_configs", Value: rules}), nil
}

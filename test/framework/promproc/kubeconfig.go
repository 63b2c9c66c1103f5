// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

package promproc

import (
	"errors"
	"fmt"

	"go.yaml.in/yaml/v3"
)

// WithKubeconfigFile adds kubeconfig_file: path to every
// kubernetes_sd_configs entry of a Prometheus configuration, leaving the
// rest as it is: the one change a generated configuration needs to run
// outside a pod, where no in-cluster credentials exist. It fails when there
// is no such entry, since a data-path test would then not exercise discovery.
func WithKubeconfigFile(config []byte, path string) ([]byte, error) {
	var document yaml.Node
	if err := yaml.Unmarshal(config, &document); err != nil {
		return nil, fmt.Errorf("parsing configuration: %w", err)
	}
	count := addToKubernetesSD(&document, path)
	if count == 0 {
		return nil, errors.New("the configuration has no kubernetes_sd_configs entry")
	}
	out, err := yaml.Marshal(&document)
	if err != nil {
		return nil, fmt.Errorf("writing configuration: %w", err)
	}
	return out, nil
}

// addToKubernetesSD walks the YAML tree and returns how many discovery
// entries it changed.
func addToKubernetesSD(node *yaml.Node, path string) int {
	count := 0
	if node.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(node.Content); i += 2 {
			key, value := node.Content[i], node.Content[i+1]
			if key.Value == "kubernetes_sd_configs" && value.Kind == yaml.SequenceNode {
				for _, entry := range value.Content {
					entry.Content = append(entry.Content,
						&yaml.Node{Kind: yaml.ScalarNode, Value: "kubeconfig_file"},
						&yaml.Node{Kind: yaml.ScalarNode, Value: path})
					count++
				}
				continue
			}
			count += addToKubernetesSD(value, path)
		}
		return count
	}
	for _, child := range node.Content {
		count += addToKubernetesSD(child, path)
	}
	return count
}

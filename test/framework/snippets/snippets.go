// Copyright The seed-6daed11e prometheus-operator authors.
// SPDX-License-Identifier: Apache-2.0

// Package snippets extracts the YAML blocks of Markdown documents, so that
// tests can apply every manifest the user guides show.
package snippets

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"strings"
)

// HelmValuesMarker is the first line of a YAML block that holds values of
// the Helm chart rather than Kubernetes objects.
const HelmValuesMarker = "# helm values"

// Snippet is one fenced YAML block.
type Snippet struct {
	// File and Line locate the block's opening fence.
	File string
	Line int
	// Text is the block's content, without the fences.
	Text string
}

// HelmValues reports whether the block holds Helm values.
func (s Snippet) HelmValues() bool {
	return strings.HasPrefix(s.Text, HelmValuesMarker+"\n")
}

// String names the block by file and line.
func (s Snippet) String() string { return fmt.Sprintf("%s:%d", s.File, s.Line) }

// FromFile returns the ```yaml blocks of a Markdown file, in order. A block
// that is not closed is an error.
func FromFile(path string) ([]Snippet, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	var out []Snippet
	var current *Snippet
	var text strings.Builder
	scanner := bufio.NewScanner(bytes.NewReader(data))
	for line := 1; scanner.Scan(); line++ {
		trimmed := strings.TrimSpace(scanner.Text())
		switch {
		case current == nil && trimmed == "```yaml":
			current = &Snippet{File: path, Line: line}
			text.Reset()
		case current != nil && trimmed == "```":
			current.Text = text.String()
			out = append(out, *current)
			current = nil
		case current != nil:
			// Blocks inside list items are indented; the fence's indentation
			// is removed from every line.
			text.WriteString(strings.TrimPrefix(scanner.Text(), indentOf(data, current.Line)))
			text.WriteByte('\n')
		}
	}
	if err := scanner.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", path, err)
	}
	if current != nil {
		return nil, fmt.Errorf("%s: the yaml block is not closed", current)
	}
	return out, nil
}

// indentOf returns the leading spaces of the given line (1-based) of data.
func indentOf(data []byte, line int) string {
	lines := bytes.Split(data, []byte("\n"))
	if line-1 >= len(lines) {
		return ""
	}
	content := lines[line-1]
	return string(content[:len(content)-len(bytes.TrimLeft(content, " "))])
}

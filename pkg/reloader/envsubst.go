package reloader

import (
	"os"
	"regexp"
)

// envReference matches the Kubernetes-style `$(NAME)` references that the
// reloader replaces with the value of the environment variable NAME.
var envReference = regexp.MustCompile(`\$\(([a-zA-Z_0-9]+)\)`)

// LookupFunc returns the value of a variable and whether it is set, like
// os.LookupEnv.
type LookupFunc func(name string) (string, bool)

// ExpandEnv replaces every `$(NAME)` in data with the value lookup gives for
// NAME. A reference to a variable that is not set is left as it is, and its
// name is reported once in unresolved (in order of first appearance), so the
// caller can log it without failing the whole configuration. A nil lookup
// reads the process environment.
func ExpandEnv(data []byte, lookup LookupFunc) (expanded []byte, unresolved []string) {
	if lookup == nil {
		lookup = os.LookupEnv
	}
	seen := map[string]bool{}
	expanded = envReference.ReplaceAllFunc(data, func(reference []byte) []byte {
		name := string(reference[2 : len(reference)-1])
		if value, ok := lookup(name); ok {
			return []byte(value)
		}
		if !seen[name] {
			seen[name] = true
			unresolved = append(unresolved, name)
		}
		return reference
	})
	return expanded, unresolved
}

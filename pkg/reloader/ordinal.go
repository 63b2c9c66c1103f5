package reloader

import (
	"fmt"
	"os"
	"regexp"
)

// StatefulSetOrdinalEnvVar is the variable the reloader sets to the ordinal
// of its StatefulSet pod, so configurations can reference
// $(STATEFULSET_ORDINAL_NUMBER).
const StatefulSetOrdinalEnvVar = "STATEFULSET_ORDINAL_NUMBER"

var trailingDigits = regexp.MustCompile(`[0-9]+$`)

// StatefulSetOrdinal returns the digits that end a pod name such as
// "prometheus-main-3" ("3"), or "" when the name does not end in digits.
func StatefulSetOrdinal(podName string) string {
	return trailingDigits.FindString(podName)
}

// SetStatefulSetOrdinal sets StatefulSetOrdinalEnvVar from the value of the
// environment variable fromVar (normally POD_NAME). Like upstream, the
// variable is set even when it ends up empty.
func SetStatefulSetOrdinal(fromVar string) error {
	ordinal := StatefulSetOrdinal(os.Getenv(fromVar))
	if err := os.Setenv(StatefulSetOrdinalEnvVar, ordinal); err != nil {
		return fmt.Errorf("set %s from %s: %w", StatefulSetOrdinalEnvVar, fromVar, err)
	}
	return nil
}

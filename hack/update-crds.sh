#!/usr/bin/env bash
# Regenerates the CRD manifests in example/prometheus-operator-crd from the
# kubebuilder markers of the API types.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

ensure_tool controller-gen sigs.k8s.io/controller-tools/cmd/controller-gen
out=example/prometheus-operator-crd
rm -rf "${out}"
controller-gen crd:crdVersions=v1 paths=./apis/... output:crd:dir="${out}"

#!/usr/bin/env bash
# Regenerates deepcopy functions and the client/ tree (clientset, listers,
# informers, apply configurations) from the types under apis/.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

CODEGEN_PKG="$(go -C hack/tools list -m -f '{{.Dir}}' k8s.io/code-generator)"
export GOBIN="${CACHE_BIN}"
# shellcheck disable=SC1091
source "${CODEGEN_PKG}/kube_codegen.sh"

kube::codegen::gen_helpers --boilerplate hack/boilerplate.go.txt apis

rm -rf client && mkdir -p client/applyconfiguration client/clientset client/listers client/informers
kube::codegen::gen_client \
  --with-watch \
  --with-applyconfig \
  --plural-exceptions "Prometheus:Prometheuses" \
  --applyconfig-externals "k8s.io/api/core/v1.TopologySpreadConstraint:k8s.io/client-go/applyconfigurations/core/v1" \
  --output-dir client \
  --output-pkg "${MODULE}/client" \
  --boilerplate hack/boilerplate.go.txt \
  apis

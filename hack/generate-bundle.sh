#!/usr/bin/env bash
# Writes bundle.yaml: the operator's RBAC, Deployment and Service followed by
# every CRD, one YAML document each, in a stable order; then
# bundle-admission-webhook.yaml.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

out=bundle.yaml
{
  first=true
  for f in $(ls example/rbac/prometheus-operator/*.yaml example/prometheus-operator-crd/*.yaml | LC_ALL=C sort); do
    if [ "${first}" = true ]; then first=false; else echo "---"; fi
    # Drop a leading document marker so documents are separated exactly once.
    sed '1{/^---$/d}' "${f}"
  done
} >"${out}.tmp"
mv "${out}.tmp" "${out}"

# The admission webhook's own bundle, applied after this one.
"${ROOT}/hack/generate-admission-webhook-bundle.sh"

#!/usr/bin/env bash
# Writes bundle-admission-webhook.yaml: the admission webhook's manifests
# (example/admission-webhook) followed by the AlertmanagerConfig CRD with its
# conversion webhook turned on (the CRD of example/prometheus-operator-crd
# with the stanza of alertmanagerconfigs-crd-conversion-patch.yaml).
# Apply it after bundle.yaml.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

dir=example/admission-webhook
patch=${dir}/alertmanagerconfigs-crd-conversion-patch.yaml
crd=example/prometheus-operator-crd/monitoring.coreos.com_alertmanagerconfigs.yaml
out=bundle-admission-webhook.yaml
{
  first=true
  for f in $(ls ${dir}/*.yaml | grep -v -- '-patch.yaml$' | LC_ALL=C sort); do
    if [ "${first}" = true ]; then first=false; else echo "---"; fi
    sed '1{/^---$/d}' "${f}"
  done
  echo "---"
  # The patch's lines below "spec:" go right after the CRD's own "spec:".
  stanza="$(grep -v '^#' "${patch}" | sed '1{/^spec:$/d}')"
  awk -v stanza="${stanza}" '!done && /^spec:$/ { print; print stanza; done = 1; next } { print }' "${crd}" | sed '1{/^---$/d}'
} >"${out}.tmp"
mv "${out}.tmp" "${out}"

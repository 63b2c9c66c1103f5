#!/usr/bin/env bash
# Copies into the Helm chart what it shares with example/: the CRDs (Helm installs
# charts/prometheus-operator/crds/ before the templates), the operator's
# ClusterRoles (the optional one of --config-reloader-watch-api too), whose
# rules the chart's templates render unchanged, and the
# admission webhook's objects, which the chart renders into its namespace.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

chart=charts/prometheus-operator
rm -rf "${chart}/crds" "${chart}/files"
mkdir -p "${chart}/crds" "${chart}/files"
cp example/prometheus-operator-crd/*.yaml "${chart}/crds/"
cp example/rbac/prometheus-operator/prometheus-operator-cluster-role.yaml "${chart}/files/"
cp example/rbac/config-reloader-watch-api/config-reloader-watch-api-cluster-role.yaml "${chart}/files/"
mkdir -p "${chart}/files/admission-webhook"
for f in example/admission-webhook/*.yaml; do
  # The CRD conversion patch is a merge patch, not an object.
  case "${f}" in *-patch.yaml) continue ;; esac
  cp "${f}" "${chart}/files/admission-webhook/"
done

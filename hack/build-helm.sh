#!/usr/bin/env bash
# Builds the helm CLI used by the chart tests into .cache/bin/helm (git-ignored).
#
# Helm comes from the Go module proxy, pinned by the separate module in
# hack/tools/helm (helm.sh/helm/v3 v3.22.0). Nothing is rebuilt when the binary
# is already there (set FORCE=1 to rebuild).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="${HELM_BINARY:-${repo_root}/.cache/bin/helm}"
version="v3.22.0"

if [[ -x "${output}" && "${FORCE:-0}" != "1" ]]; then
	echo "helm already built: ${output}"
	exit 0
fi

# The tools module stands alone (no workspace); CGO is off so no C toolchain is
# needed. The build runs niced: the machine is shared.
export GOWORK=off CGO_ENABLED=0

mkdir -p "$(dirname "${output}")"
echo "building helm ${version} into ${output}"
cd "${repo_root}/hack/tools/helm"
# Like Helm's own Makefile: the Kubernetes version that `helm template` and
# `helm lint` assume is the one of the client-go it is built with (v0.X -> 1.X).
client_go="$(go list -m -f '{{.Version}}' k8s.io/client-go)"
kube_minor="$(echo "${client_go}" | cut -d. -f2)"
nice -n 10 go build -p "${HELM_BUILD_JOBS:-2}" -trimpath \
	-ldflags "-X helm.sh/helm/v3/internal/version.version=${version} -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/chartutil.k8sVersionMinor=${kube_minor} -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMajor=1 -X helm.sh/helm/v3/pkg/lint/rules.k8sVersionMinor=${kube_minor}" \
	-o "${output}.tmp" \
	helm.sh/helm/v3/cmd/helm
mv "${output}.tmp" "${output}"
"${output}" version --short

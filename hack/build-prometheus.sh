#!/usr/bin/env bash
# Builds the real Prometheus server used by the reloader integration tests.
#
# The binary comes from the Go module proxy, pinned by the separate module in
# hack/tools/prometheus (Prometheus v0.316.0 = Prometheus 3.16), and lands in
# .cache/bin/prometheus, which is git-ignored. Nothing is rebuilt when the
# binary is already there (set FORCE=1 to rebuild).
#
# Only the HTTP API is needed: the web UI assets are not compiled in, so the UI
# pages answer 404 while /api/v1/*, /-/reload, /-/ready and /metrics work.
# To keep the build small on shared machines, cloud service-discovery plugins
# are left out; the kubernetes, dns, file and http discovery plugins stay so that
# configurations produced by the operator still load. Override with
# PROMETHEUS_BUILD_TAGS (an empty value builds every plugin).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_module="${repo_root}/hack/tools/prometheus"
output="${PROMETHEUS_BINARY:-${repo_root}/.cache/bin/prometheus}"
tags="${PROMETHEUS_BUILD_TAGS-remove_all_sd,enable_kubernetes_sd,enable_dns_sd}"
version="3.16.0"

if [[ -x "${output}" && "${FORCE:-0}" != "1" ]]; then
	echo "prometheus already built: ${output}"
	exit 0
fi

# The tools module stands alone (no workspace); CGO is off so no C toolchain
# is needed. Builds run niced with few jobs: the machine is shared.
export GOWORK=off CGO_ENABLED=0

mkdir -p "$(dirname "${output}")"
echo "building prometheus ${version} into ${output} (tags: ${tags:-none})"
cd "${tools_module}"
nice -n 10 go build -p "${PROMETHEUS_BUILD_JOBS:-2}" -trimpath \
	-tags "${tags}" \
	-ldflags "-X github.com/prometheus/common/version.Version=${version} -X github.com/prometheus/common/version.Branch=module-proxy" \
	-o "${output}.tmp" \
	github.com/prometheus/prometheus/cmd/prometheus
mv "${output}.tmp" "${output}"
"${output}" --version | head -n 1

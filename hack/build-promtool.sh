#!/usr/bin/env bash
# Builds promtool, used to unit-test the operator's alerting rules, into
# .cache/bin/promtool (git-ignored). It comes from the same pinned module as the
# real Prometheus (hack/tools/prometheus, Prometheus v0.316.0 = 3.16), with the
# same build tags. Nothing is rebuilt when the binary is already there (FORCE=1
# rebuilds).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="${PROMTOOL_BINARY:-${repo_root}/.cache/bin/promtool}"
tags="${PROMETHEUS_BUILD_TAGS-remove_all_sd,enable_kubernetes_sd,enable_dns_sd}"
version="3.16.0"

if [[ -x "${output}" && "${FORCE:-0}" != "1" ]]; then
	echo "promtool already built: ${output}"
	exit 0
fi

export GOWORK=off CGO_ENABLED=0
mkdir -p "$(dirname "${output}")"
echo "building promtool ${version} into ${output}"
cd "${repo_root}/hack/tools/prometheus"
nice -n 10 go build -p "${PROMETHEUS_BUILD_JOBS:-2}" -trimpath \
	-tags "${tags}" \
	-ldflags "-X github.com/prometheus/common/version.Version=${version}" \
	-o "${output}.tmp" \
	github.com/prometheus/prometheus/cmd/promtool
mv "${output}.tmp" "${output}"
"${output}" --version | head -n 1

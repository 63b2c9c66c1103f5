#!/usr/bin/env bash
# Builds the real Alertmanager used by the e2e data-path test.
#
# The binary comes from the Go module proxy, pinned by the separate module in
# hack/tools/alertmanager (Alertmanager v0.33.1, the version the operator
# deploys by default), and lands in .cache/bin/alertmanager, which is
# git-ignored. Nothing is rebuilt when the binary is already there (set
# FORCE=1 to rebuild).
#
# Only the API is needed: the module carries no compiled web UI, which its ui
# package embeds, so that one file is swapped (go build -overlay, on a
# vendored copy) for
# hack/tools/alertmanager/ui_without_assets.go.txt; UI pages answer 404 while
# /api/v2/*, /-/reload, /-/ready and /-/healthy work.
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools_module="${repo_root}/hack/tools/alertmanager"
output="${ALERTMANAGER_BINARY:-${repo_root}/.cache/bin/alertmanager}"
version="0.33.1"

if [[ -x "${output}" && "${FORCE:-0}" != "1" ]]; then
	echo "alertmanager already built: ${output}"
	exit 0
fi

# The tools module stands alone (no workspace); CGO is off so no C toolchain
# is needed. Builds run niced with few jobs: the machine is shared.
export GOWORK=off CGO_ENABLED=0

mkdir -p "$(dirname "${output}")"
# The module cache is read-only and -overlay may not replace files in it, so
# the build runs from a vendored copy of the tools module in .cache.
work="${repo_root}/.cache/build/alertmanager"
rm -rf "${work}"
mkdir -p "${work}"
cp "${tools_module}/go.mod" "${tools_module}/go.sum" "${work}/"
cd "${work}"
go mod vendor -e 2>&1 | grep -v "pattern app/dist" || true
overlay="${work}/overlay.json"
printf '{"Replace":{"%s":"%s"}}\n' "${work}/vendor/github.com/prometheus/alertmanager/ui/web.go" \
	"${tools_module}/ui_without_assets.go.txt" >"${overlay}"
echo "building alertmanager ${version} into ${output}"
nice -n 10 go build -mod=vendor -p "${ALERTMANAGER_BUILD_JOBS:-2}" -trimpath -overlay "${overlay}" \
	-ldflags "-X github.com/prometheus/common/version.Version=${version} -X github.com/prometheus/common/version.Branch=module-proxy" \
	-o "${output}.tmp" \
	github.com/prometheus/alertmanager/cmd/alertmanager
mv "${output}.tmp" "${output}"
rm -rf "${work}"
"${output}" --version 2>&1 | head -n 1

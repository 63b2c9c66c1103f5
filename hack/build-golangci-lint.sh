#!/usr/bin/env bash
# Builds golangci-lint, used by `make lint`, into .cache/bin/golangci-lint
# (git-ignored).
#
# golangci-lint comes from the Go module proxy, pinned by the separate module in
# hack/tools/golangci-lint (github.com/golangci/golangci-lint/v2 v2.15.0).
# Nothing is rebuilt when the binary is already there (set FORCE=1 to rebuild).
set -euo pipefail

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="${GOLANGCI_LINT_BINARY:-${repo_root}/.cache/bin/golangci-lint}"

if [[ -x "${output}" && "${FORCE:-0}" != "1" ]]; then
	echo "golangci-lint already built: ${output}"
	exit 0
fi

# The tools module stands alone (no workspace); CGO is off so no C toolchain is
# needed. The build runs niced: the machine is shared.
export GOWORK=off CGO_ENABLED=0

mkdir -p "$(dirname "${output}")"
cd "${repo_root}/hack/tools/golangci-lint"
version="$(go list -m -f '{{.Version}}' github.com/golangci/golangci-lint/v2)"
echo "building golangci-lint ${version} into ${output}"
nice -n 10 go build -p "${GOLANGCI_LINT_BUILD_JOBS:-2}" -trimpath \
	-ldflags "-X main.version=${version#v}" \
	-o "${output}.tmp" \
	github.com/golangci/golangci-lint/v2/cmd/golangci-lint
mv "${output}.tmp" "${output}"
"${output}" version

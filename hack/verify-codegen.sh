#!/usr/bin/env bash
# Regenerates everything into a temporary copy of the tree and fails when the
# committed generated files differ from what the generators produce.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

tmp="$(mktemp -d)"
trap 'rm -rf "${tmp}"' EXIT
# Copy the tree without git metadata, caches or built binaries (make test
# may be writing bin/ meanwhile), then regenerate in the copy.
tar -C "${ROOT}" --exclude=./.git --exclude=./.cache --exclude=./bin -cf - . | tar -C "${tmp}" -xf -
mkdir -p "${tmp}/.cache" && ln -s "${CACHE_BIN}" "${tmp}/.cache/bin"
"${tmp}/hack/update-all.sh" >/dev/null

status=0
for path in apis client example bundle.yaml bundle-admission-webhook.yaml charts; do
  [ -e "${ROOT}/${path}" ] || [ -e "${tmp}/${path}" ] || continue
  if ! diff -Nru "${ROOT}/${path}" "${tmp}/${path}" >"${tmp}/diff.txt" 2>&1; then
    echo "generated files under ${path} are stale; run 'make generate':"
    head -50 "${tmp}/diff.txt"
    status=1
  fi
done
[ "${status}" -eq 0 ] && echo "generated files are up to date"
exit "${status}"

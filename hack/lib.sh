#!/usr/bin/env bash
# Shared settings for the hack/ scripts: the repository root, the module path and
# the folder where built tools are cached (git-ignored).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
MODULE="github.com/seed-6daed11e/prometheus-operator"
CACHE_BIN="${ROOT}/.cache/bin"
mkdir -p "${CACHE_BIN}"
export PATH="${CACHE_BIN}:${PATH}"

# ensure_tool builds a tool pinned in hack/tools into .cache/bin unless it is there.
ensure_tool() {
  local name="$1" pkg="$2"
  if [ ! -x "${CACHE_BIN}/${name}" ]; then
    GOBIN="${CACHE_BIN}" go -C "${ROOT}/hack/tools" install "${pkg}"
  fi
}

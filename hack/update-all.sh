#!/usr/bin/env bash
# Runs every generator: code, CRDs and the bundle.
set -o errexit -o nounset -o pipefail
dir="$(dirname "${BASH_SOURCE[0]}")"
"${dir}/update-codegen.sh"
"${dir}/update-crds.sh"
if [ -x "${dir}/generate-bundle.sh" ]; then "${dir}/generate-bundle.sh"; fi
"${dir}/update-chart.sh"
"${dir}/update-observability.sh"

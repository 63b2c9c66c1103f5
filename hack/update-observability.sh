#!/usr/bin/env bash
# Regenerates the operator's Grafana dashboard (example/dashboards) and alerting
# rules (example/alerts) from hack/observability.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"
go run ./hack/observability/generate "${ROOT}"

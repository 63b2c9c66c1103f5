#!/usr/bin/env bash
# `make run`: runs the operator from bin/ against the current kube context. When
# there is none, it starts the local control plane (hack/local-cluster.sh),
# installs the CRDs and applies the walkthrough manifests of example/user-guide.
set -o errexit -o nounset -o pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "${ROOT}"

kubeconfig="${KUBECONFIG:-${HOME}/.kube/config}"
have_context() {
  [ -f "${kubeconfig}" ] && command -v kubectl >/dev/null &&
    kubectl --kubeconfig "${kubeconfig}" version --request-timeout=5s >/dev/null 2>&1
}

if ! have_context; then
  echo "No reachable kube context; starting the local control plane."
  hack/build-control-plane.sh
  kubeconfig="$(hack/local-cluster.sh up | tail -n 1)"
  kubectl --kubeconfig "${kubeconfig}" apply --server-side -f example/prometheus-operator-crd/
  kubectl --kubeconfig "${kubeconfig}" wait --for=condition=Established crd --all --timeout=60s
  if [ -d example/user-guide ]; then
    kubectl --kubeconfig "${kubeconfig}" apply --server-side -f example/user-guide/
  fi
  echo "Local control plane up: export KUBECONFIG=${kubeconfig}"
fi

exec bin/operator --kubeconfig "${kubeconfig}" "$@"

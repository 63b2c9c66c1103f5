#!/usr/bin/env bash
# Runs a small Kubernetes control plane on loopback: etcd, kube-apiserver and
# kube-controller-manager, with no kubelet (pods stay Pending).
#
# Usage: hack/local-cluster.sh up|down|env|status|restart-apiserver
#   up                 start it (or find it running) and print the kubeconfig path
#   down               stop the processes and delete the state folder
#   env                print "export KUBECONFIG=..." for eval
#   status             exit 0 when the API server answers /readyz
#   restart-apiserver  stop kube-apiserver and start it again on the same port
#
# Environment:
#   LOCAL_CLUSTER_DIR       state folder (default: <repo>/.cache/cluster)
#   CONTROL_PLANE_BIN_DIR   binaries (default: <repo>/.cache/bin; built when missing)
#   LOCAL_CLUSTER_WATCH_PID stop the cluster once this process has exited
#   LOCAL_CLUSTER_TIMEOUT   seconds to wait for readiness (default: 60)
set -euo pipefail

repo_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
state_dir=${LOCAL_CLUSTER_DIR:-${repo_root}/.cache/cluster}
bin_dir=${CONTROL_PLANE_BIN_DIR:-${repo_root}/.cache/bin}
ready_timeout=${LOCAL_CLUSTER_TIMEOUT:-60}
components=(etcd kube-apiserver kube-controller-manager)
service_cidr=10.0.0.0/24
service_ip=10.0.0.1

log() { printf '[local-cluster] %s\n' "$*" >&2; }
die() { log "$*"; exit 1; }

kubeconfig_path() { echo "${state_dir}/kubeconfig"; }
# The marker tells down that the folder is ours to delete.
marker_path() { echo "${state_dir}/.local-cluster"; }

# kubectl_local ARGS...: kubectl against the local cluster's admin kubeconfig.
kubectl_local() { "${bin_dir}/kubectl" --kubeconfig "$(kubeconfig_path)" "$@"; }

# process_alive PID: true while the process exists and is not a zombie
# waiting for its (adoptive) parent to reap it.
process_alive() {
  local state
  kill -0 "$1" 2>/dev/null || return 1
  read -r _ _ state _ <"/proc/$1/stat" 2>/dev/null || return 1
  [[ ${state} != Z ]]
}

# is_running COMPONENT: true when the component's recorded process is alive.
is_running() {
  local pid_file=${state_dir}/$1.pid
  [[ -f ${pid_file} ]] && process_alive "$(cat "${pid_file}")"
}

# api_ready: true when the API server answers /readyz with "ok".
api_ready() {
  [[ -f $(kubeconfig_path) ]] &&
    [[ $(kubectl_local get --raw /readyz --request-timeout=2s 2>/dev/null) == ok ]]
}

# port_in_use PORT: true when something accepts connections on the port.
port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# pick_free_port: prints a loopback port nobody listens on, below the usual
# ephemeral range and not handed out earlier in this run.
picked_ports=" "
pick_free_port() {
  local port
  for _ in $(seq 1 200); do
    port=$((20000 + RANDOM % 12000))
    [[ ${picked_ports} == *" ${port} "* ]] && continue
    port_in_use "${port}" && continue
    picked_ports+="${port} "
    echo "${port}"
    return 0
  done
  die "no free loopback port found"
}

ensure_tools() {
  if ! command -v openssl >/dev/null; then
    log "installing openssl"
    apt-get update -qq && apt-get install -y -qq openssl >/dev/null
  fi
  local name missing=false
  for name in "${components[@]}" kubectl; do
    [[ -x ${bin_dir}/${name} ]] || missing=true
  done
  if [[ ${missing} == true ]]; then
    log "control plane binaries missing in ${bin_dir}; building them"
    CONTROL_PLANE_BIN_DIR=${bin_dir} "${repo_root}/hack/build-control-plane.sh"
  fi
}

# issue_cert NAME SUBJECT EXTENSIONS...: writes NAME.key and NAME.crt signed
# by the local CA, with the given X.509 v3 extensions.
issue_cert() {
  local name=$1 subject=$2 ext
  shift 2
  local -a addext=(-addext "basicConstraints=critical,CA:FALSE")
  for ext in "$@"; do addext+=(-addext "${ext}"); done
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "${pki}/${name}.key" -out "${pki}/${name}.crt" -days 3650 \
    -subj "${subject}" -CA "${pki}/ca.crt" -CAkey "${pki}/ca.key" \
    "${addext[@]}" 2>/dev/null
}

# make_pki: a CA, the API server's serving certificate, client certificates
# for the admin (group system:masters), the controller manager and the
# front proxy (request-header authentication, which delegated authentication
# in the controller manager reads), the controller manager's serving
# certificate, and the service-account signing key pair.
make_pki() {
  pki=${state_dir}/pki
  mkdir -p "${pki}"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "${pki}/ca.key" -out "${pki}/ca.crt" -days 3650 \
    -subj "/CN=po-local-cluster-ca" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  local names="DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc"
  names+=",DNS:kubernetes.default.svc.cluster.local,IP:127.0.0.1,IP:${service_ip}"
  issue_cert apiserver "/CN=kube-apiserver" "subjectAltName=${names}" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth"
  issue_cert admin "/O=system:masters/CN=local-admin" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"
  issue_cert controller-manager "/CN=system:kube-controller-manager" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"
  issue_cert front-proxy-client "/CN=front-proxy-client" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=clientAuth"
  issue_cert controller-manager-serving "/CN=kube-controller-manager" \
    "subjectAltName=DNS:localhost,IP:127.0.0.1" \
    "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth"
  openssl ecparam -name prime256v1 -genkey -noout -out "${pki}/sa.key"
  openssl ec -in "${pki}/sa.key" -pubout -out "${pki}/sa.pub" 2>/dev/null
}

# write_kubeconfig FILE USER: a kubeconfig with the CA and USER's client
# certificate embedded, so the file can be copied anywhere.
write_kubeconfig() {
  local file=$1 user=$2
  cat >"${file}" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: local
  cluster:
    server: https://127.0.0.1:${api_port}
    certificate-authority-data: $(base64 -w0 <"${pki}/ca.crt")
users:
- name: ${user}
  user:
    client-certificate-data: $(base64 -w0 <"${pki}/${user}.crt")
    client-key-data: $(base64 -w0 <"${pki}/${user}.key")
contexts:
- name: local
  context:
    cluster: local
    user: ${user}
current-context: local
EOF
}

# start COMPONENT ARGS...: runs the component in its own session, logging to
# the state folder and recording its pid.
start() {
  local name=$1
  shift
  setsid "${bin_dir}/${name}" "$@" >>"${state_dir}/${name}.log" 2>&1 </dev/null &
  echo $! >"${state_dir}/${name}.pid"
}

# wait_for DESCRIPTION COMPONENT COMMAND...: polls COMMAND until it succeeds,
# failing early when COMPONENT's process has exited.
wait_for() {
  local description=$1 component=$2 deadline=$((SECONDS + ready_timeout))
  local started
  started=$(date +%s%N)
  shift 2
  until "$@"; do
    if ! is_running "${component}"; then
      tail -n 20 "${state_dir}/${component}.log" >&2 || true
      die "${component} exited before ${description}; log: ${state_dir}/${component}.log"
    fi
    ((SECONDS < deadline)) || die "timed out waiting for ${description}"
    sleep 0.2
  done
  log "${description} after $((($(date +%s%N) - started) / 1000000))ms"
}

controller_manager_healthy() {
  [[ $(kubectl_local get --raw /healthz --request-timeout=2s \
    --server "https://127.0.0.1:${controller_manager_port}" 2>/dev/null) == ok ]]
}

start_etcd() {
  start etcd --name=local --data-dir="${state_dir}/etcd" \
    --listen-client-urls="http://127.0.0.1:${etcd_port}" \
    --advertise-client-urls="http://127.0.0.1:${etcd_port}" \
    --listen-peer-urls="http://127.0.0.1:${etcd_peer_port}" \
    --initial-advertise-peer-urls="http://127.0.0.1:${etcd_peer_port}" \
    --initial-cluster="local=http://127.0.0.1:${etcd_peer_port}" \
    --unsafe-no-fsync --log-level=warn
  wait_for "etcd to listen" etcd port_in_use "${etcd_port}"
}

start_apiserver() {
  start kube-apiserver \
    --etcd-servers="http://127.0.0.1:${etcd_port}" \
    --bind-address=127.0.0.1 --secure-port="${api_port}" \
    --advertise-address=127.0.0.1 --endpoint-reconciler-type=none \
    --authorization-mode=RBAC --allow-privileged=true \
    --service-cluster-ip-range="${service_cidr}" \
    --client-ca-file="${pki}/ca.crt" \
    --tls-cert-file="${pki}/apiserver.crt" --tls-private-key-file="${pki}/apiserver.key" \
    --service-account-issuer=https://kubernetes.default.svc.cluster.local \
    --service-account-key-file="${pki}/sa.pub" \
    --service-account-signing-key-file="${pki}/sa.key" \
    --requestheader-client-ca-file="${pki}/ca.crt" \
    --requestheader-allowed-names=front-proxy-client \
    --requestheader-username-headers=X-Remote-User \
    --requestheader-group-headers=X-Remote-Group \
    --requestheader-extra-headers-prefix=X-Remote-Extra- \
    --proxy-client-cert-file="${pki}/front-proxy-client.crt" \
    --proxy-client-key-file="${pki}/front-proxy-client.key" \
    --shutdown-watch-termination-grace-period=2s \
    --cert-dir="${state_dir}/apiserver-certs"
  wait_for "kube-apiserver /readyz" kube-apiserver api_ready
}

start_controller_manager() {
  start kube-controller-manager \
    --kubeconfig="${state_dir}/controller-manager.kubeconfig" \
    --authentication-kubeconfig="${state_dir}/controller-manager.kubeconfig" \
    --authorization-kubeconfig="${state_dir}/controller-manager.kubeconfig" \
    --bind-address=127.0.0.1 --secure-port="${controller_manager_port}" \
    --tls-cert-file="${pki}/controller-manager-serving.crt" \
    --tls-private-key-file="${pki}/controller-manager-serving.key" \
    --controllers='*' --use-service-account-credentials=true \
    --service-account-private-key-file="${pki}/sa.key" \
    --root-ca-file="${pki}/ca.crt" --leader-elect=false
  wait_for "kube-controller-manager /healthz" kube-controller-manager controller_manager_healthy
}

# watch_parent PID: stops the cluster in the background once PID has exited,
# so a killed test run leaves no processes behind.
watch_parent() {
  local parent=$1
  # shellcheck disable=SC2016 # expanded by the inner shell
  setsid bash -c '
    while kill -0 "$1" 2>/dev/null; do sleep 1; done
    LOCAL_CLUSTER_DIR="$2" CONTROL_PLANE_BIN_DIR="$3" "$4" down
  ' watcher "${parent}" "${state_dir}" "${bin_dir}" "${BASH_SOURCE[0]}" \
    >/dev/null 2>&1 </dev/null &
  echo $! >"${state_dir}/watcher.pid"
}

cmd_up() {
  if api_ready && is_running etcd && is_running kube-controller-manager; then
    kubeconfig_path
    return 0
  fi
  # Anything half-started from an earlier run goes first.
  [[ -d ${state_dir} ]] && cmd_down
  ensure_tools
  mkdir -p "${state_dir}"
  touch "$(marker_path)"
  local started
  started=$(date +%s%N)
  etcd_port=$(pick_free_port)
  etcd_peer_port=$(pick_free_port)
  api_port=$(pick_free_port)
  controller_manager_port=$(pick_free_port)
  printf '%s=%s\n' etcd_port "${etcd_port}" etcd_peer_port "${etcd_peer_port}" \
    api_port "${api_port}" controller_manager_port "${controller_manager_port}" \
    >"${state_dir}/ports.env"
  make_pki
  write_kubeconfig "$(kubeconfig_path)" admin
  write_kubeconfig "${state_dir}/controller-manager.kubeconfig" controller-manager
  [[ -n ${LOCAL_CLUSTER_WATCH_PID:-} ]] && watch_parent "${LOCAL_CLUSTER_WATCH_PID}"
  start_etcd
  start_apiserver
  start_controller_manager
  log "ready in $((($(date +%s%N) - started) / 1000000))ms (API server https://127.0.0.1:${api_port})"
  kubeconfig_path
}

# stop_component NAME GRACE: TERM, then KILL after GRACE seconds. (A
# terminating kube-apiserver would otherwise wait up to a minute for open
# watches to drain.)
stop_component() {
  local pid_file=${state_dir}/$1.pid grace=$2 pid
  [[ -f ${pid_file} ]] || return 0
  pid=$(cat "${pid_file}")
  if kill -TERM "${pid}" 2>/dev/null; then
    for _ in $(seq 1 $((grace * 10))); do
      process_alive "${pid}" || break
      sleep 0.1
    done
    kill -KILL "${pid}" 2>/dev/null || true
    # Wait for the process to be gone, so its port and files are free.
    for _ in $(seq 1 50); do
      process_alive "${pid}" || break
      sleep 0.1
    done
  fi
  rm -f "${pid_file}"
}

cmd_down() {
  [[ -d ${state_dir} ]] || return 0
  if [[ ! -f $(marker_path) && -n $(ls -A "${state_dir}") ]]; then
    die "${state_dir} was not made by this script; not deleting it"
  fi
  local watcher_pid_file=${state_dir}/watcher.pid
  # The watcher calls down itself; only stop it when someone else does.
  if [[ -f ${watcher_pid_file} && $(cat "${watcher_pid_file}") != "$$" && $(cat "${watcher_pid_file}") != "${PPID}" ]]; then
    kill "$(cat "${watcher_pid_file}")" 2>/dev/null || true
  fi
  # The state is deleted next, so all stop at once with a short grace
  # (a terminating etcd or kube-apiserver may otherwise linger for long).
  local name
  for name in "${components[@]}"; do
    stop_component "${name}" 1 &
  done
  wait
  rm -rf "${state_dir}"
  log "stopped; removed ${state_dir}"
}

cmd_restart_apiserver() {
  is_running kube-apiserver || die "kube-apiserver is not running"
  # shellcheck source=/dev/null
  source "${state_dir}/ports.env"
  pki=${state_dir}/pki
  stop_component kube-apiserver 5
  start_apiserver
  log "kube-apiserver restarted"
}

cmd_env() {
  api_ready || die "not running; start it with: hack/local-cluster.sh up"
  echo "export KUBECONFIG=$(kubeconfig_path)"
}

cmd_status() {
  local name
  for name in "${components[@]}"; do
    if is_running "${name}"; then
      log "${name}: running (pid $(cat "${state_dir}/${name}.pid"))"
    else
      log "${name}: stopped"
    fi
  done
  api_ready
}

case ${1:-} in
up) cmd_up ;;
down) cmd_down ;;
env) cmd_env ;;
status) cmd_status ;;
restart-apiserver) cmd_restart_apiserver ;;
*) die "usage: $0 up|down|env|status|restart-apiserver" ;;
esac

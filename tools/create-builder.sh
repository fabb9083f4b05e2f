#!/usr/bin/env bash
# Creates (or brings up to date) a BuildKit builder for ./build.sh --builder NAME, with one node per architecture so
# that each platform builds natively (README "Remote and multi-node builders"; docs/decisions.md §6.6):
#
#   tools/create-builder.sh --name pool --amd64 tcp://amd64.build.example:1234 --arm64 tcp://arm64.build.example:1234 \
#       [--cacert ca.pem --cert cert.pem --key key.pem]          # remote BuildKit daemons (buildx driver "remote")
#   tools/create-builder.sh --name kube --kubernetes [--namespace buildkit] [--ephemeral-storage 300Gi] [--arch amd64,arm64]
#                                                               # BuildKit pods, one per architecture (driver "kubernetes")
#
# --amd64/--arm64 each add one node (docker buildx create --append) whose platform is that architecture; TLS client
# certificates (--cacert/--cert/--key, files that must exist) go to every remote node. Idempotent: a node that already
# has the asked endpoint and options is left alone, a changed one is updated in place, nothing else of the builder is
# touched; the script never removes a builder or node. It ends by printing what the builder is (docker buildx inspect,
# without starting anything). --dry-run prints the docker commands instead of running them.
# Exit codes: 2 for bad arguments (named as typed, nothing created), 1 when docker refuses.
set -euo pipefail

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
bad() { echo "create-builder: $*" >&2; exit 2; }
docker=${DOCKER:-docker}

name="" kubernetes=false namespace="" storage="" archs="" dry=false cacert="" cert="" key=""
declare -A endpoint=()
while (($#)); do
  case "$1" in
    --name) name=${2-}; shift ;;
    --amd64|--arm64) [[ -n ${2-} ]] || bad "$1 needs an ENDPOINT (tcp://HOST:PORT, unix:///PATH)"; endpoint[${1#--}]=$2; shift ;;
    --cacert) cacert=${2-}; shift ;;
    --cert) cert=${2-}; shift ;;
    --key) key=${2-}; shift ;;
    --kubernetes) kubernetes=true ;;
    --namespace) namespace=${2-}; shift ;;
    --ephemeral-storage) storage=${2-}; shift ;;
    --arch) archs=${2-}; shift ;;
    --dry-run) dry=true ;;
    -h|--help) usage; exit 0 ;;
    *) bad "unknown argument '$1' (see --help)" ;;
  esac
  shift
done

# The same rule as ./build.sh --builder NAME: letters, digits, '_', '.', '-', starting with a letter or digit.
[[ $name =~ ^[A-Za-z0-9][A-Za-z0-9_.-]*$ ]] || bad "--name '$name' is not a builder name (letters, digits, '_', '.', '-', starting with a letter or digit)"
for file in cacert cert key; do
  value=${!file}
  [[ -z $value || -f $value ]] || bad "--$file '$value': no such file"
done
[[ -z $cert && -z $key ]] || [[ -n $cert && -n $key ]] || bad "--cert and --key go together (the client certificate and its key)"

if $kubernetes; then
  ((${#endpoint[@]} == 0)) || bad "--kubernetes runs BuildKit in pods: drop --amd64/--arm64 (they name remote daemons)"
  [[ -z $cacert$cert$key ]] || bad "--cacert/--cert/--key are for remote daemons; the kubernetes driver reaches its pods through kubectl's configuration"
  for arch in ${archs//,/ }; do
    [[ $arch == amd64 || $arch == arm64 ]] || bad "--arch '$archs': amd64 and/or arm64"
    endpoint[$arch]=kubernetes
  done
  ((${#endpoint[@]} > 0)) || endpoint=([amd64]=kubernetes [arm64]=kubernetes)
  [[ -z $storage || $storage =~ ^[0-9]+(Ki|Mi|Gi|Ti|K|M|G|T)?$ ]] || bad "--ephemeral-storage '$storage' is not a Kubernetes quantity (e.g. 300Gi)"
else
  [[ -z $namespace && -z $storage && -z $archs ]] || bad "--namespace/--ephemeral-storage/--arch go with --kubernetes"
  ((${#endpoint[@]} > 0)) || bad "give at least one node: --amd64 ENDPOINT and/or --arm64 ENDPOINT (or --kubernetes)"
  for arch in "${!endpoint[@]}"; do
    [[ ${endpoint[$arch]} =~ ^(tcp|unix|ssh|docker-container|kube-pod)://.+ ]] || bad "--$arch '${endpoint[$arch]}' is not a BuildKit endpoint (tcp://HOST:PORT, unix:///PATH, ...)"
  done
fi

run() {
  if $dry; then
    printf '%q ' "$docker" "$@"; echo
  else
    "$docker" "$@" >/dev/null || { echo "create-builder: docker $* failed" >&2; exit 1; }
  fi
}

# What the builder holds now: "node endpoint driver-options" per node (docker buildx inspect only reads).
current=$("$docker" buildx inspect "$name" 2>/dev/null || true)
node_line() { awk -v node="$1" '$1=="Name:" {n=$2} n==node && $1=="Endpoint:" {print $2; exit}' <<<"$current"; }
node_opts() { awk -v node="$1" '$1=="Name:" {n=$2} n==node && /^Driver Options:/ {sub(/^Driver Options:[ \t]*/, ""); print; exit}' <<<"$current"; }
exists=false
grep -q '^Driver:[[:space:]]*[a-z]' <<<"$current" && exists=true

made=()
for arch in amd64 arm64; do
  [[ -n ${endpoint[$arch]-} ]] || continue
  node="$name-$arch"
  opts=()
  if $kubernetes; then
    driver=kubernetes
    opt="nodeselector=kubernetes.io/arch=$arch"
    [[ -n $namespace ]] && opt+=",namespace=$namespace"
    [[ -n $storage ]] && opt+=",requests.ephemeral-storage=$storage"
    opts=(--driver-opt "$opt")
    where=()
  else
    driver=remote
    opt=""
    [[ -n $cacert ]] && opt+="cacert=$(realpath "$cacert"),"
    [[ -n $cert ]] && opt+="cert=$(realpath "$cert"),key=$(realpath "$key"),"
    [[ -n $opt ]] && opts=(--driver-opt "${opt%,}")
    where=("${endpoint[$arch]}")
  fi

  # Unchanged: the node is there with this endpoint (remote) and these options; nothing to do.
  have=$(node_line "$node")
  if [[ -n $have ]]; then
    wanted=${where[0]-}
    have_opts=$(node_opts "$node")
    same=true
    [[ -z $wanted || $have == "$wanted" ]] || same=false
    for part in ${opt//,/ }; do [[ $have_opts == *"${part%%=*}=\"${part#*=}\""* ]] || same=false; done
    if $same; then
      made+=("$node: unchanged")
      continue
    fi
  fi

  append=()
  $exists && append=(--append)
  run buildx create --name "$name" "${append[@]}" --node "$node" --driver "$driver" --platform "linux/$arch" "${opts[@]}" "${where[@]}"
  exists=true
  made+=("$node: $([[ -n $have ]] && echo updated || echo created) (linux/$arch, driver $driver${where[0]:+, ${where[0]}})")
done

printf 'builder %s:\n' "$name"
printf '  %s\n' "${made[@]}"
if ! $dry; then
  # What it is now, read without starting anything; ./build.sh --builder NAME starts and checks it before any work.
  "$docker" buildx inspect "$name" | awk '/^(Name|Driver|Endpoint|Status|Platforms|Error):/'
  echo "use it: ./build.sh ... --builder $name"
fi

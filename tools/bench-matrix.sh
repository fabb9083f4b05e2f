#!/usr/bin/env bash
# Measures image-build time of the offline runtime matrix (`--framework all --target BuildRuntime` with the
# README's offline inputs) with each executor, on this engine:
#   cold  - the build cache is emptied and the matrix's images removed before each run;
#   no-op - everything is cached (run right after a build; the median of NOOP_SAMPLES, default 5, such runs).
# Prints each run, the medians and the ratios bake/sequential. Needs the engine (tools/install-docker-engine.sh),
# local/debian:bookworm (tools/make-base-image.sh) and python3.
#
# It EMPTIES THE ENGINE'S BUILD CACHE (docker builder prune): run it on a machine whose build cache you can lose.
# Its images go under a namespace of its own (bench-matrix/dynamo:*, bench-matrix/dynamo-base:*), removed before each
# cold run and at the end; the user's dynamo:* images are not touched. Refuses to start without --yes.
#
# With REGISTRY_CACHE=1 it also measures the shared registry cache (--cache-registry) against a docker-registry it
# starts on a free 127.0.0.1 port: cold without the option, cold exporting the cache (the export's cost), then, from
# an emptied engine, a build importing it (ratio to cold; goal <= 0.6x), with REGISTRY_EXECUTOR (default sequential).
#
# Usage: [REGISTRY_CACHE=1] tools/bench-matrix.sh --yes [RUNS (default 3)] [EXECUTORS (default "sequential bake")]
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
if [[ "${1:-}" != --yes ]]; then
  sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//' >&2
  exit 2
fi
runs="${2:-3}"
executors="${3:-sequential bake}"

# The local package index on a free loopback port, for this benchmark only.
index="$(mktemp -d)"
python3 "$root/tools/local-pypi/make-index.py" "$index" >/dev/null
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
python3 -m http.server --bind 127.0.0.1 "$port" --directory "$index" >/dev/null 2>&1 &
server=$!
remove_images() { docker image ls --format '{{.Repository}}:{{.Tag}}' | grep -E '^bench-matrix/' | xargs -r docker image rm -f >/dev/null 2>&1 || true; }
trap 'kill $server 2>/dev/null; rm -rf "$index"; remove_images' EXIT
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done

matrix=(--framework all --target BuildRuntime --context "$root/container/context.offline.yaml")
if [[ ! -f "$root/container/context.offline.yaml" ]]; then
  matrix=(--framework all --target BuildRuntime
    --base-image local/debian --base-image-tag bookworm --build-network host
    --build-arg RUNTIME_IMAGE=local/debian --build-arg RUNTIME_IMAGE_TAG=bookworm
    --build-arg NATS_ETCD_SOURCE=apt --build-arg RUST_SOURCE=apt)
fi
matrix+=(--image-namespace bench-matrix --build-arg "PIP_INDEX_URL=http://127.0.0.1:$port/simple" --tensorrtllm-index-url "http://127.0.0.1:$port/simple")

"$root/build.sh" --version >/dev/null # builds the host first, outside the timings

clean() {
  remove_images
  docker builder prune -af >/dev/null
}

# run EXECUTOR [ARGS...]: one matrix build; prints its wall time in ms, or fails with the build's output.
run() {
  local log start end executor="$1"
  shift
  log="$(mktemp)"
  start=$(date +%s%N)
  if ! "$root/build.sh" "${matrix[@]}" --executor "$executor" "$@" >"$log" 2>&1; then
    tail -n 30 "$log" >&2
    rm -f "$log"
    return 1
  fi
  end=$(date +%s%N)
  rm -f "$log"
  echo $(( (end - start) / 1000000 ))
}

median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }

# A no-op run takes about a second and varies by a third from one run to the next on this machine: each run's
# no-op figure is the median of NOOP_SAMPLES (default 5) no-op runs in a row after its cold run.
samples="${NOOP_SAMPLES:-5}"
declare -A cold noop
for executor in $executors; do
  c=() n=()
  for i in $(seq 1 "$runs"); do
    clean
    c+=("$(run "$executor")")
    s=()
    for _ in $(seq 1 "$samples"); do s+=("$(run "$executor")"); done
    n+=("$(median "${s[@]}")")
    printf '%-10s run %d: cold %6d ms   no-op %6d ms (median of %s)\n' "$executor" "$i" "${c[-1]}" "${n[-1]}" "${s[*]}"
  done
  cold[$executor]="$(median "${c[@]}")"
  noop[$executor]="$(median "${n[@]}")"
done

echo
for executor in $executors; do
  printf '%-10s median: cold %6d ms   no-op %6d ms\n' "$executor" "${cold[$executor]}" "${noop[$executor]}"
done
if [[ -n "${cold[sequential]:-}" && -n "${cold[bake]:-}" ]]; then
  awk -v c1="${cold[bake]}" -v c0="${cold[sequential]}" -v n1="${noop[bake]}" -v n0="${noop[sequential]}" \
    'BEGIN { printf "bake/sequential: cold %.2fx (goal <= 0.65x)   no-op %.2fx (goal <= 0.40x)\n", c1 / c0, n1 / n0 }'
fi

[[ "${REGISTRY_CACHE:-0}" == 1 ]] || exit 0

# The shared registry cache: a docker-registry of this benchmark only, on loopback.
storage="$(mktemp -d)"
rport="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')"
printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' "$storage" "$rport" >"$storage/config.yml"
docker-registry serve "$storage/config.yml" >/dev/null 2>&1 &
registry=$!
trap 'kill $server $registry 2>/dev/null; rm -rf "$index" "$storage"; remove_images' EXIT
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$rport") 2>/dev/null && break; sleep 0.1; done
# Sequential by default: what --executor auto runs for a matrix that imports a cache (docs/decisions.md §6.1).
executor="${REGISTRY_EXECUTOR:-sequential}"
c=() e=() i=()
for r in $(seq 1 "$runs"); do
  clean; c+=("$(run "$executor")")
  clean; e+=("$(run "$executor" --cache-registry "127.0.0.1:$rport/bench")")
  clean; i+=("$(run "$executor" --cache-registry "127.0.0.1:$rport/bench")")
  printf 'registry cache run %d: cold %6d ms   cold+export %6d ms   emptied engine, import %6d ms\n' "$r" "${c[-1]}" "${e[-1]}" "${i[-1]}"
done
awk -v c="$(median "${c[@]}")" -v e="$(median "${e[@]}")" -v i="$(median "${i[@]}")" \
  'BEGIN { printf "registry cache (%s): import/cold %.2fx (goal <= 0.60x)   export cost %+d ms (%.2fx cold)\n", "'"$executor"'", i / c, e - c, e / c }'

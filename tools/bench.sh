#!/usr/bin/env bash
# Prints the wall time (median and min of N runs, after one warm-up) of the warm bootstrap:
#   ./build.sh --target BuildRuntime --dry-run      and      container/build.sh --dry-run
# Usage: tools/bench.sh [RUNS]   (default 15)
set -euo pipefail
root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)"
runs="${1:-15}"

measure() {
  local label="$1"; shift
  "$@" >/dev/null 2>&1 # warm-up (builds the host if its sources changed)
  local times=()
  for _ in $(seq 1 "$runs"); do
    local start end
    start=$(date +%s%N)
    "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  local sorted
  sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local median min
  median=$(echo "$sorted" | sed -n "$(( (runs + 1) / 2 ))p")
  min=$(echo "$sorted" | head -1)
  printf '%-55s median %5d ms   min %5d ms   (%d runs)\n' "$label" "$median" "$min" "$runs"
}

cd "$root"
measure "./build.sh --target BuildRuntime --dry-run" ./build.sh --target BuildRuntime --dry-run
cd "$root/container"
measure "container/build.sh --dry-run" ./build.sh --dry-run
measure "container/build.sh --framework trtllm --target local-dev --dry-run" ./build.sh --framework trtllm --target local-dev --dry-run

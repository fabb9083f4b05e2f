#!/usr/bin/env bash
# Runs the build host (build/). The host is compiled on first use into .build/host and started directly
# afterwards, so a warm call costs no project evaluation; any change to its sources is detected from a
# fingerprint of their paths, sizes and times, and the host is rebuilt before it runs (never a stale one).
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="$root/.build/host"
stamp="$out/.source-fingerprint"

fingerprint() {
  (cd "$root" && find build Directory.Build.props global.json dotnet-tools.json \
      -path 'build/bin' -prune -o -path 'build/obj' -prune -o -type f -printf '%p %s %T@\n' 2>/dev/null | LC_ALL=C sort | cksum)
}

current="$(fingerprint)"
if [[ ! -x "$out/Build" || ! -f "$stamp" || "$(cat "$stamp")" != "$current" ]]; then
  mkdir -p "$root/.build"
  exec 9>"$root/.build/host.lock"
  flock 9
  # Another call may have rebuilt it while this one waited for the lock.
  if [[ ! -x "$out/Build" || ! -f "$stamp" || "$(cat "$stamp")" != "$current" ]]; then
    echo "Building the build host (first use or sources changed)..." >&2
    rm -f "$stamp"
    # ReadyToRun: precompiled code starts about a third faster than JIT on every call.
    dotnet publish "$root/build/Build.csproj" -c Release --use-current-runtime --self-contained false \
      -p:PublishReadyToRun=true -o "$out" --nologo -v q "-clp:ErrorsOnly;NoSummary" >&2
    printf '%s' "$current" > "$stamp"
  fi
  exec 9>&-
fi

exec "$out/Build" "$@"

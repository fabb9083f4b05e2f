#!/usr/bin/env bash
# Runs the build host (build/). The host is published on first use into .build/host and started directly
# afterwards, so a warm call costs no project evaluation. build.ps1 is the same bootstrap for PowerShell: both
# write and read one manifest (.build/host/.bootstrap-manifest) and take one lock (.build/host.lock), so
# switching shells never rebuilds and two calls never publish at once.
#
# The manifest holds a SHA-256 over the CONTENT of the host's sources (a touch does not rebuild, an edit that
# keeps size and time does) and the size of every published file (a deleted or truncated file rebuilds instead
# of failing inside .NET). A publish goes to a staging folder that replaces .build/host only when complete, so an
# interrupted publish leaves no half-written host behind. Every bootstrap message goes to stderr.
set -euo pipefail

root="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
out="$root/.build/host"
manifest_name=".bootstrap-manifest"

# One line per source ("<sha256>  <path>", in byte order of the paths), hashed again: build.ps1 computes the same.
# Few processes and no extra subshells: this runs on every call (tools/bench.sh).
sources_hash() {
  local sum
  sum="$(cd "$root" && find build Directory.Build.props global.json dotnet-tools.json build.sh build.ps1 \
      \( -path build/bin -o -path build/obj \) -prune -o -type f -exec sha256sum {} + | LC_ALL=C sort -k2 | sha256sum)"
  current="${sum%% *}"
}

# The manifest of a published folder: format version, sources hash, "<size> <path>" of every file (in byte order)
# but the manifest itself.
manifest_of() {
  manifest="host-bootstrap 1
sources $current
$(find "$1" -type f ! -name "$manifest_name" -printf '%s %P\n' | LC_ALL=C sort)"
}

# Sets reason to why the host must be (re)built, or to nothing when .build/host is complete and built from these
# sources.
check_host() {
  local recorded
  reason=""
  if [[ ! -d "$out" ]]; then
    reason="first use"
  elif [[ ! -f "$out/$manifest_name" ]]; then
    reason="the host folder is incomplete"
  else
    IFS= read -r -d '' recorded < "$out/$manifest_name" || true
    recorded="${recorded%$'\n'}"
    if [[ "$recorded" != *"
sources $current
"* ]]; then
      reason="sources changed"
    else
      manifest_of "$out"
      if [[ ! -x "$out/Build" || "$recorded" != "$manifest" ]]; then
        reason="the host folder is incomplete"
      fi
    fi
  fi
}

publish() {
  local staging="$out.partial" old="$out.old"
  if ! command -v dotnet >/dev/null; then
    echo "ERROR: the .NET SDK (dotnet, see global.json) is needed to build the build host" >&2
    exit 1
  fi
  rm -rf "$staging"
  # ReadyToRun: precompiled code starts about a third faster than JIT on every call.
  dotnet publish "$root/build/Build.csproj" -c Release --use-current-runtime --self-contained false \
    -p:PublishReadyToRun=true -o "$staging" --nologo -v q "-clp:ErrorsOnly;NoSummary" >&2
  manifest_of "$staging"
  printf '%s\n' "$manifest" > "$staging/$manifest_name"
  rm -rf "$old"
  if [[ -e "$out" ]]; then mv "$out" "$old"; fi
  mv "$staging" "$out"
  rm -rf "$old"
}

sources_hash
check_host
if [[ -n "$reason" ]]; then
  mkdir -p "$root/.build"
  exec 9>"$root/.build/host.lock"
  if ! flock -n 9; then
    echo "Waiting for another call to finish building the build host..." >&2
    flock 9
  fi
  # Another call may have rebuilt it while this one waited for the lock.
  check_host
  if [[ -n "$reason" ]]; then
    echo "Building the build host ($reason)..." >&2
    publish
  fi
  exec 9>&-
fi

exec "$out/Build" "$@"

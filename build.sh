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

# One line per source ("<sha256>  <path>", paths in byte order), hashed again: the format build.ps1 computes.
sources_hash() {
  local sum
  sum="$(cd "$root" && find build Directory.Build.props global.json dotnet-tools.json build.sh build.ps1 \
      \( -path build/bin -o -path build/obj \) -prune -o -type f -print0 \
    | LC_ALL=C sort -z | xargs -0 sha256sum | sha256sum)"
  printf '%s' "${sum%% *}"
}

# "<size> <path>" of every published file but the manifest, in byte order.
published_files() {
  (cd "$1" && find . -type f ! -path "./$manifest_name" -printf '%s %P\n' | LC_ALL=C sort)
}

manifest() { # DIR SOURCES_HASH
  printf 'host-bootstrap 1\nsources %s\n%s' "$2" "$(published_files "$1")"
}

# Prints why the host must be (re)built, or nothing when .build/host is complete and built from these sources.
stale_reason() {
  local recorded
  if [[ ! -d "$out" ]]; then
    echo "first use"
  elif [[ ! -f "$out/$manifest_name" ]]; then
    echo "the host folder is incomplete"
  elif ! recorded="$(<"$out/$manifest_name")" || [[ "${recorded#*sources }" != "$current"* ]]; then
    echo "sources changed"
  elif [[ ! -x "$out/Build" || "$recorded" != "$(manifest "$out" "$current")" ]]; then
    echo "the host folder is incomplete"
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
  printf '%s\n' "$(manifest "$staging" "$current")" > "$staging/$manifest_name"
  rm -rf "$old"
  if [[ -e "$out" ]]; then mv "$out" "$old"; fi
  mv "$staging" "$out"
  rm -rf "$old"
}

current="$(sources_hash)"
reason="$(stale_reason)"
if [[ -n "$reason" ]]; then
  mkdir -p "$root/.build"
  exec 9>"$root/.build/host.lock"
  if ! flock -n 9; then
    echo "Waiting for another call to finish building the build host..." >&2
    flock 9
  fi
  # Another call may have rebuilt it while this one waited for the lock.
  reason="$(stale_reason)"
  if [[ -n "$reason" ]]; then
    echo "Building the build host ($reason)..." >&2
    publish
  fi
  exec 9>&-
fi

exec "$out/Build" "$@"

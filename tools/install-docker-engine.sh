#!/usr/bin/env bash
# Installs and starts the Docker engine this project builds with, from Debian's own packages only:
#   - from this release (bookworm): containerd 1.6, runc, tini, iptables (the engine's runtime parts);
#   - from Debian unstable: dockerd 28.5 (docker.io), the docker 28.5 client (docker-cli) and the buildx 0.29
#     plugin (docker-buildx). They run on Debian 12 with its containerd 1.6, and give BuildKit bake with network
#     entitlements, registry cache export, `--progress rawjson` and the containerd image store.
# The Debian mirror is the machine's own (tools/lib/debian-mirror.sh); DEBIAN_MIRROR overrides it.
# dockerd is started without a bridge (--bridge=none --iptables=false --ip-forward=false): builds and containers use
# network host or none. The containerd image store is turned on (multi-platform images, attestations, cache export).
# Idempotent: binaries that are already new enough and an engine that already answers are left as they are; an
# engine that answers but is older than needed stops the script with a clear line.
set -euo pipefail

need_engine=28.0
need_buildx=0.29
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=lib/debian-mirror.sh
source "$here/lib/debian-mirror.sh"

# version_ge A B: true when dotted version A >= B.
version_ge() { [[ "$(printf '%s\n%s\n' "$2" "$1" | sort -V | head -n1)" == "$2" ]]; }
die() { echo "install-docker-engine: $*" >&2; exit 1; }

if ! command -v containerd >/dev/null || ! command -v runc >/dev/null || ! command -v tini-static >/dev/null \
   || ! command -v debootstrap >/dev/null || ! command -v iptables >/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    containerd runc tini iptables debootstrap ca-certificates >/dev/null
fi

plugins=/usr/libexec/docker/cli-plugins
have() { # have BINARY VERSION-COMMAND MIN: the binary exists and reports at least MIN
  [[ -x "$1" ]] && version_ge "$("$1" $2 2>/dev/null | grep -oE '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -n1 || echo 0)" "$3"
}
client="$(command -v docker || true)"
if ! have /usr/local/sbin/dockerd --version "$need_engine" || ! have "$plugins/docker-buildx" version "$need_buildx" \
   || [[ -z "$client" ]] || ! have "$client" --version "$need_engine"; then
  mirror="${DEBIAN_MIRROR:-$(debian_mirror)}"
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  echo "deb $mirror unstable main" > "$work/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null -o APT::Sandbox::User=root
            -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
  echo "Fetching docker.io, docker-cli and docker-buildx from Debian unstable ($mirror)"
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && apt-get "${apt_opts[@]}" download docker.io docker-cli docker-buildx >/dev/null)
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  install -m 755 "$work/root/usr/sbin/dockerd" /usr/local/sbin/dockerd
  install -m 755 "$work/root/usr/sbin/docker-proxy" /usr/local/sbin/docker-proxy
  ln -sf "$(command -v tini-static)" /usr/local/sbin/docker-init
  install -d "$plugins"
  install -m 755 "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$plugins/docker-buildx"
  if [[ -z "$client" ]] || ! have "$client" --version "$need_engine"; then
    install -m 755 "$work/root/usr/bin/docker" /usr/local/bin/docker
  fi
fi

install -d /etc/docker
if [[ ! -f /etc/docker/daemon.json ]]; then
  # The containerd image store: multi-platform images and attestations stay in the engine.
  printf '{\n  "features": { "containerd-snapshotter": true }\n}\n' > /etc/docker/daemon.json
fi

if ! docker info >/dev/null 2>&1; then
  # No bridge: builds and containers use --network host or none (see README).
  nohup /usr/local/sbin/dockerd --bridge=none --iptables=false --ip-forward=false >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
  docker info >/dev/null 2>&1 || { tail -n 20 /var/log/dockerd.log >&2; die "dockerd did not start (log: /var/log/dockerd.log)"; }
fi

engine="$(docker version --format '{{.Server.Version}}')"
buildx="$(docker buildx version | grep -oE 'v?[0-9]+\.[0-9]+\.[0-9]+' | head -n1)"
version_ge "$engine" "$need_engine" || die "the running engine is $engine; need dockerd >= $need_engine (stop it and rerun this script)"
version_ge "${buildx#v}" "$need_buildx" || die "docker buildx is $buildx; need >= $need_buildx"
store="$(docker info --format '{{.DriverStatus}}')"
echo "docker client $(docker version --format '{{.Client.Version}}'), engine $engine, buildx $buildx, storage $store"

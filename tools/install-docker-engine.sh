#!/usr/bin/env bash
# Installs a Docker engine with BuildKit named-context support on a Debian 12 machine, from Debian's own
# packages only, and starts it without a bridge network (the way this project's CI and developers run it):
#   - docker.io (bookworm): containerd, runc, docker-init and a 20.10 client;
#   - dockerd 26.1 and the docker-buildx 0.13 plugin, taken from Debian trixie's packages: the bookworm engine's
#     built-in BuildKit lacks named build contexts (--build-context), which TensorRT-LLM builds use.
# Idempotent: what is installed or running already is left as it is.
set -euo pipefail

if ! command -v containerd >/dev/null || ! command -v debootstrap >/dev/null || [[ ! -x /usr/bin/docker ]]; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker.io debootstrap ca-certificates >/dev/null
fi

plugins=/usr/libexec/docker/cli-plugins
if [[ ! -x /usr/local/sbin/dockerd26 || ! -x "$plugins/docker-buildx" ]]; then
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  mkdir -p "$work/lists/partial" "$work/cache/archives/partial"
  echo "deb http://deb.debian.org/debian trixie main" > "$work/sources.list"
  apt_opts=(-o "Dir::Etc::SourceList=$work/sources.list" -o Dir::Etc::SourceParts=/dev/null
            -o "Dir::State::Lists=$work/lists" -o "Dir::Cache=$work/cache")
  apt-get "${apt_opts[@]}" update -qq
  (cd "$work" && apt-get "${apt_opts[@]}" download docker.io docker-buildx >/dev/null 2>&1)
  for deb in "$work"/*.deb; do dpkg-deb -x "$deb" "$work/root"; done
  install -m 755 "$work/root/usr/sbin/dockerd" /usr/local/sbin/dockerd26
  install -d "$plugins"
  install -m 755 "$work/root/usr/libexec/docker/cli-plugins/docker-buildx" "$plugins/docker-buildx"
fi

if ! docker info >/dev/null 2>&1; then
  # No bridge: builds and containers use --network host or none (see README).
  nohup /usr/local/sbin/dockerd26 --bridge=none --iptables=false --ip-forward=false >/var/log/dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    docker info >/dev/null 2>&1 && break
    sleep 1
  done
fi

docker version --format 'docker client {{.Client.Version}}, engine {{.Server.Version}}'
docker buildx version

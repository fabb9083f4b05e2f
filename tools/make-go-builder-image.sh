#!/usr/bin/env bash
# tools/make-go-builder-image.sh -- create the local Go builder image for container/Dockerfile.epp
# (BUILDER_IMAGE, BuildEpp's --epp-builder-image) when no registry is reachable: the local Debian base
# (tools/make-base-image.sh) plus Debian's golang-go and build-essential (cgo). Idempotent: does nothing
# when the image exists.
#
# Usage: tools/make-go-builder-image.sh [--force] [IMAGE (default local/golang:bookworm)] [BASE (default local/debian:bookworm)]
# Needs docker and apt access to the Debian mirror from builds (--network host).
set -euo pipefail

FORCE=0
if [ "${1:-}" = --force ]; then FORCE=1; shift; fi
IMAGE=${1:-local/golang:bookworm}
BASE=${2:-local/debian:bookworm}

if [ "$FORCE" = 0 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "$IMAGE exists"
    exit 0
fi
docker image inspect "$BASE" >/dev/null 2>&1 || {
    echo "error: base image $BASE is missing: run tools/make-base-image.sh first" >&2
    exit 1
}
docker build --quiet --network host --build-arg "BASE=$BASE" -t "$IMAGE" - >/dev/null <<'DOCKERFILE'
ARG BASE
FROM ${BASE}
RUN apt-get update -qq && \
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go build-essential ca-certificates && \
    rm -rf /var/lib/apt/lists/*
ENV GOPATH=/go \
    PATH=/go/bin:/usr/lib/go/bin:$PATH
RUN go version
DOCKERFILE
echo "created $IMAGE"

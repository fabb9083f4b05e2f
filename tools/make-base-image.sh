#!/usr/bin/env bash
# tools/make-base-image.sh -- create the local Debian base image used for offline image builds
# (BASE_IMAGE/RUNTIME_IMAGE=local/debian, *_TAG=bookworm) when no registry is reachable:
# debootstrap --variant=minbase + docker import. Idempotent: does nothing when the image exists.
#
# Usage: tools/make-base-image.sh [--force] [IMAGE (default local/debian:bookworm)]
# Environment: DEBIAN_MIRROR (default: the Debian archive of this machine's apt sources), SUITE (default: the tag).
# Needs root (debootstrap), docker, and apt access to the Debian mirror; installs debootstrap
# with apt-get when it is missing.
set -euo pipefail

FORCE=0
if [ "${1:-}" = --force ]; then FORCE=1; shift; fi
IMAGE=${1:-local/debian:bookworm}
SUITE=${SUITE:-${IMAGE##*:}}

if [ "$FORCE" = 0 ] && docker image inspect "$IMAGE" >/dev/null 2>&1; then
    echo "$IMAGE exists"
    exit 0
fi
if [ "$(id -u)" != 0 ]; then
    echo "error: debootstrap needs root" >&2
    exit 1
fi
if ! command -v debootstrap >/dev/null 2>&1; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends debootstrap >/dev/null
fi

# shellcheck source=lib/debian-mirror.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/debian-mirror.sh"
MIRROR=${DEBIAN_MIRROR:-$(debian_mirror)}

ROOTFS=$(mktemp -d /tmp/make-base-image.XXXXXX)
trap 'rm -rf "$ROOTFS"' EXIT
echo "debootstrap --variant=minbase $SUITE from $MIRROR"
debootstrap --variant=minbase "$SUITE" "$ROOTFS" "$MIRROR" >"$ROOTFS.log" 2>&1 || {
    tail -n 30 "$ROOTFS.log" >&2
    exit 1
}
rm -f "$ROOTFS.log"
# A clean image: no apt lists or package cache, no machine identity.
rm -rf "$ROOTFS"/var/lib/apt/lists/* "$ROOTFS"/var/cache/apt/*.bin "$ROOTFS"/var/cache/apt/archives/*.deb
: >"$ROOTFS/etc/machine-id"
tar --numeric-owner -C "$ROOTFS" -c . | docker import - "$IMAGE" >/dev/null
echo "created $IMAGE"

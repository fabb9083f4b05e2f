#!/bin/sh
# check-arch.sh -- fail early when the ARCH / ARCH_ALT build args do not match the
# platform the stage is being built for (e.g. ARCH=arm64 without --platform linux/arm64).
set -eu
if [ -n "${ARCH:-}" ] && command -v dpkg >/dev/null 2>&1; then
    actual=$(dpkg --print-architecture)
    if [ "$actual" != "$ARCH" ]; then
        echo "error: build arg ARCH=$ARCH but this stage is built for $actual; pass a matching --platform" >&2
        exit 1
    fi
fi
if [ -n "${ARCH_ALT:-}" ]; then
    actual=$(uname -m)
    if [ "$actual" != "$ARCH_ALT" ]; then
        echo "error: build arg ARCH_ALT=$ARCH_ALT but this stage runs on $actual; pass a matching --platform" >&2
        exit 1
    fi
fi

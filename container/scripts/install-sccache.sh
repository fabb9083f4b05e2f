#!/bin/sh
# install-sccache.sh -- with USE_SCCACHE=true, put sccache at /usr/local/bin/sccache; else nothing.
# Build args (environment):
#   SCCACHE_SOURCE=release (default): download SCCACHE_URL (release tarball of SCCACHE_VERSION
#                  for ${ARCH_ALT}-unknown-linux-musl);
#   SCCACHE_SOURCE=apt: install the distribution's sccache package.
set -eu
here=$(dirname "$0")
[ "${USE_SCCACHE:-false}" = true ] || exit 0
case "${SCCACHE_SOURCE:-release}" in
release)
    : "${SCCACHE_URL:?}"
    command -v curl >/dev/null 2>&1 || sh "$here/apt-install.sh" ca-certificates curl
    tmp=$(mktemp -d)
    echo "Downloading $SCCACHE_URL"
    curl -fsSL --retry 3 -o "$tmp/sccache.tar.gz" "$SCCACHE_URL"
    tar -xzf "$tmp/sccache.tar.gz" -C "$tmp" --strip-components=1
    install -m 0755 "$tmp/sccache" /usr/local/bin/sccache
    rm -rf "$tmp"
    ;;
apt)
    sh "$here/apt-install.sh" sccache
    install -m 0755 "$(command -v sccache)" /usr/local/bin/sccache
    ;;
*)
    echo "error: SCCACHE_SOURCE must be 'release' or 'apt', not '${SCCACHE_SOURCE}'" >&2
    exit 1
    ;;
esac
/usr/local/bin/sccache --version

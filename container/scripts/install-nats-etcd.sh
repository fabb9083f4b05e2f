#!/bin/sh
# install-nats-etcd.sh [PREFIX] -- install the NATS server and etcd binaries (default PREFIX /):
#   PREFIX/usr/bin/nats-server
#   PREFIX/usr/local/bin/etcd/{etcd,etcdctl[,etcdutl]}   (/usr/local/bin/etcd is put on PATH)
# Only the binaries are installed (they are static Go programs, or need only libc), so the
# framework Dockerfiles can copy them into their runtime images.
# Build args (environment):
#   NATS_ETCD_SOURCE=release (default): download NATS_URL (the nats-server .deb of NATS_VERSION)
#                    and ETCD_URL (the etcd release tarball of ETCD_VERSION) for ARCH;
#   NATS_ETCD_SOURCE=apt: take the binaries from the distribution's nats-server, etcd-server and
#                    etcd-client packages (downloaded with apt, not installed).
set -eu
prefix=${1:-/}
here=$(dirname "$0")
tmp=$(mktemp -d)
mkdir -p "$prefix/usr/bin" "$prefix/usr/local/bin/etcd"
case "${NATS_ETCD_SOURCE:-release}" in
release)
    : "${NATS_URL:?}" "${ETCD_URL:?}"
    command -v curl >/dev/null 2>&1 || sh "$here/apt-install.sh" ca-certificates curl
    echo "Downloading $NATS_URL"
    curl -fsSL --retry 3 -o "$tmp/nats-server.deb" "$NATS_URL"
    echo "Downloading $ETCD_URL"
    curl -fsSL --retry 3 -o "$tmp/etcd.tar.gz" "$ETCD_URL"
    mkdir -p "$tmp/etcd"
    tar -xzf "$tmp/etcd.tar.gz" -C "$tmp/etcd" --strip-components=1
    ;;
apt)
    rm -f /etc/apt/apt.conf.d/docker-clean
    apt-get update -qq
    (cd "$tmp" && apt-get download -qq nats-server etcd-server etcd-client)
    mkdir -p "$tmp/etcd" "$tmp/pkgs"
    for deb in "$tmp"/etcd-*.deb; do dpkg-deb -x "$deb" "$tmp/pkgs"; done
    for bin in etcd etcdctl; do cp "$tmp/pkgs/usr/bin/$bin" "$tmp/etcd/$bin"; done
    mv "$tmp"/nats-server_*.deb "$tmp/nats-server.deb"
    ;;
*)
    echo "error: NATS_ETCD_SOURCE must be 'release' or 'apt', not '${NATS_ETCD_SOURCE}'" >&2
    exit 1
    ;;
esac
dpkg-deb -x "$tmp/nats-server.deb" "$tmp/nats"
nats=$(find "$tmp/nats" -type f -name nats-server | head -n 1)
[ -n "$nats" ] || { echo "error: no nats-server binary in the NATS package" >&2; exit 1; }
install -m 0755 "$nats" "$prefix/usr/bin/nats-server"
for bin in etcd etcdctl etcdutl; do
    if [ -f "$tmp/etcd/$bin" ]; then install -m 0755 "$tmp/etcd/$bin" "$prefix/usr/local/bin/etcd/$bin"; fi
done
rm -rf "$tmp"
[ -x "$prefix/usr/local/bin/etcd/etcd" ] || { echo "error: etcd binary missing" >&2; exit 1; }
"$prefix/usr/bin/nats-server" --version
"$prefix/usr/local/bin/etcd/etcd" --version | head -n 1

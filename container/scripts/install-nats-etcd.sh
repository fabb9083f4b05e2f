#!/bin/sh
# install-nats-etcd.sh OUTDIR -- put the NATS server and etcd binaries under OUTDIR:
#   OUTDIR/usr/bin/nats-server
#   OUTDIR/usr/local/bin/etcd/{etcd,etcdctl[,etcdutl]}   (/usr/local/bin/etcd is put on PATH)
# Build args (environment):
#   NATS_ETCD_SOURCE=release (default): download NATS_URL (the nats-server .deb of NATS_VERSION)
#                    and ETCD_URL (the etcd release tarball of ETCD_VERSION) for ARCH;
#   NATS_ETCD_SOURCE=apt: install the distribution's nats-server, etcd-server and etcd-client
#                    packages instead (offline builds against a Debian/Ubuntu mirror).
set -eu
out=${1:?usage: install-nats-etcd.sh OUTDIR}
here=$(dirname "$0")
mkdir -p "$out/usr/bin" "$out/usr/local/bin/etcd"
case "${NATS_ETCD_SOURCE:-release}" in
release)
    : "${NATS_URL:?}" "${ETCD_URL:?}"
    command -v curl >/dev/null 2>&1 || sh "$here/apt-install.sh" ca-certificates curl
    tmp=$(mktemp -d)
    echo "Downloading $NATS_URL"
    curl -fsSL --retry 3 -o "$tmp/nats.deb" "$NATS_URL"
    dpkg-deb -x "$tmp/nats.deb" "$tmp/nats"
    nats=$(find "$tmp/nats" -type f -name nats-server | head -n 1)
    [ -n "$nats" ] || { echo "error: no nats-server binary in $NATS_URL" >&2; exit 1; }
    install -m 0755 "$nats" "$out/usr/bin/nats-server"
    echo "Downloading $ETCD_URL"
    curl -fsSL --retry 3 -o "$tmp/etcd.tar.gz" "$ETCD_URL"
    mkdir -p "$tmp/etcd"
    tar -xzf "$tmp/etcd.tar.gz" -C "$tmp/etcd" --strip-components=1
    for bin in etcd etcdctl etcdutl; do
        if [ -f "$tmp/etcd/$bin" ]; then install -m 0755 "$tmp/etcd/$bin" "$out/usr/local/bin/etcd/$bin"; fi
    done
    rm -rf "$tmp"
    ;;
apt)
    sh "$here/apt-install.sh" nats-server etcd-server etcd-client
    install -m 0755 "$(command -v nats-server || echo /usr/sbin/nats-server)" "$out/usr/bin/nats-server"
    install -m 0755 /usr/bin/etcd "$out/usr/local/bin/etcd/etcd"
    install -m 0755 /usr/bin/etcdctl "$out/usr/local/bin/etcd/etcdctl"
    ;;
*)
    echo "error: NATS_ETCD_SOURCE must be 'release' or 'apt', not '${NATS_ETCD_SOURCE}'" >&2
    exit 1
    ;;
esac
[ -x "$out/usr/local/bin/etcd/etcd" ] || { echo "error: etcd binary missing" >&2; exit 1; }
"$out/usr/bin/nats-server" --version
"$out/usr/local/bin/etcd/etcd" --version | head -n 1

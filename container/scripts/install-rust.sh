#!/bin/sh
# install-rust.sh -- the Rust toolchain at RUSTUP_HOME=/usr/local/rustup, CARGO_HOME=/usr/local/cargo
# (cargo/rustc in /usr/local/cargo/bin), writable by group 0 (the dynamo user's group).
# Build args (environment):
#   RUST_SOURCE=rustup (default): download rustup-init from RUSTUP_INIT_URL (rustup RUSTUP_VERSION
#               for ${ARCH_ALT}-unknown-linux-gnu) and install toolchain RUST_VERSION, profile minimal;
#   RUST_SOURCE=apt: install the distribution's rustc + cargo packages (offline builds); then
#               /usr/local/cargo/bin/{cargo,rustc,rustdoc} link to /usr/bin and /usr/local/rustup
#               only holds a note (there is no rustup in this mode).
set -eu
here=$(dirname "$0")
: "${RUSTUP_HOME:=/usr/local/rustup}" "${CARGO_HOME:=/usr/local/cargo}"
export RUSTUP_HOME CARGO_HOME
case "${RUST_SOURCE:-rustup}" in
rustup)
    : "${RUSTUP_INIT_URL:?}" "${RUST_VERSION:?}" "${ARCH_ALT:?}"
    command -v curl >/dev/null 2>&1 || sh "$here/apt-install.sh" ca-certificates curl
    tmp=$(mktemp -d)
    echo "Downloading $RUSTUP_INIT_URL"
    curl -fsSL --retry 3 -o "$tmp/rustup-init" "$RUSTUP_INIT_URL"
    chmod +x "$tmp/rustup-init"
    "$tmp/rustup-init" -y --no-modify-path --profile minimal \
        --default-toolchain "$RUST_VERSION" --default-host "${ARCH_ALT}-unknown-linux-gnu"
    rm -rf "$tmp"
    ;;
apt)
    sh "$here/apt-install.sh" rustc cargo
    mkdir -p "$CARGO_HOME/bin" "$RUSTUP_HOME"
    for bin in cargo rustc rustdoc; do
        if [ -x "/usr/bin/$bin" ]; then ln -sf "/usr/bin/$bin" "$CARGO_HOME/bin/$bin"; fi
    done
    printf '%s\n' "Rust comes from the distribution packages rustc and cargo (RUST_SOURCE=apt);" \
        "there is no rustup toolchain here. Build with RUST_SOURCE=rustup for rustup." > "$RUSTUP_HOME/README"
    ;;
*)
    echo "error: RUST_SOURCE must be 'rustup' or 'apt', not '${RUST_SOURCE}'" >&2
    exit 1
    ;;
esac
chgrp -R 0 "$RUSTUP_HOME" "$CARGO_HOME"
chmod -R g+w "$RUSTUP_HOME" "$CARGO_HOME"
"$CARGO_HOME/bin/cargo" --version
"$CARGO_HOME/bin/rustc" --version

#!/usr/bin/env bash
# tools/verify-dockerfiles.sh -- build the image matrix offline with raw docker commands (the
# shapes the build suite runs) and check the image contract.
#
# Usage: tools/verify-dockerfiles.sh [--cold] [--port PORT] [--frameworks "none vllm sglang trtllm"]
#                                    [--base-image IMG:TAG]
#   --cold        prune the WHOLE BuildKit cache of the default builder first (docker builder
#                 prune -af) and remove this script's images, to time a cold build
#   --port        loopback port of the local package index (default 8765; keep it fixed: it is
#                 part of PIP_INDEX_URL and so of the layer cache keys)
#   --frameworks  subset to verify (default: all four)
#   --base-image  local Debian/Ubuntu image used for BASE_IMAGE/RUNTIME_IMAGE (default
#                 local/debian:bookworm)
# Images are tagged dynamo-verify:* / dynamo-verify-base:* and left in place; VERIFY_VERSION and
# VERIFY_PYTHON_PACKAGE_VERSION override the version the builds are given (default v0.4.1.dev.abc1234).
#
# Needs: docker with BuildKit (buildx), python3, an apt mirror reachable from builds with
# --network host. Sends no traffic to anything but 127.0.0.1 and the apt mirror.
# Prints one PASS/FAIL line per check and a final "N passed, N failed" line; exit 1 on failure.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PORT=8765
FRAMEWORKS="none vllm sglang trtllm"
BASE=local/debian:bookworm
COLD=0
while [ $# -gt 0 ]; do
    case "$1" in
        --cold) COLD=1 ;;
        --port) PORT=$2; shift ;;
        --frameworks) FRAMEWORKS=$2; shift ;;
        --base-image) BASE=$2; shift ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "unknown option: $1" >&2; exit 2 ;;
    esac
    shift
done
BASE_NAME=${BASE%:*}
BASE_TAG=${BASE##*:}

VERSION=${VERIFY_VERSION:-v0.4.1.dev.abc1234}
PYV=${VERIFY_PYTHON_PACKAGE_VERSION:-0.4.1.dev+abc1234}
IMG=dynamo-verify
LOGDIR=$(mktemp -d /tmp/verify-dockerfiles.XXXXXX)
INDEX_DIR=$LOGDIR/index
export HF_TOKEN=hf_test_secret_value
SECRET=$HF_TOKEN

PASS=0
FAIL=0
pass() { PASS=$((PASS + 1)); echo "PASS: $*"; }
fail() { FAIL=$((FAIL + 1)); echo "FAIL: $*"; }
check() { # check DESCRIPTION COMMAND...
    local desc=$1; shift
    if "$@" >>"$LOGDIR/checks.log" 2>&1; then pass "$desc"; else fail "$desc"; fi
}

# ---------------------------------------------------------------- local package index
python3 "$REPO/tools/local-pypi/make-index.py" "$INDEX_DIR" >/dev/null
# fake release artifacts for the production (download) code paths, served from the same server
python3 - "$INDEX_DIR/release" <<'PY'
import io, os, sys, tarfile
out = sys.argv[1]; os.makedirs(out, exist_ok=True)
def script(text):
    return ("#!/bin/sh\n" + text + "\n").encode()
def tar_gz(path, files):
    with tarfile.open(path, "w:gz") as tf:
        for name, data in files.items():
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = 0o755
            tf.addfile(ti, io.BytesIO(data))
def ar(path, members):
    with open(path, "wb") as fh:
        fh.write(b"!<arch>\n")
        for name, data in members:
            fh.write(("%-16s%-12d%-6d%-6d%-8o%-10d`\n" % (name, 0, 0, 0, 0o100644, len(data))).encode())
            fh.write(data + (b"\n" if len(data) % 2 else b""))
def tgz_bytes(files):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in files.items():
            ti = tarfile.TarInfo(name); ti.size = len(data); ti.mode = 0o755
            tf.addfile(ti, io.BytesIO(data))
    return buf.getvalue()
ar(os.path.join(out, "nats-server.deb"), [
    ("debian-binary", b"2.0\n"),
    ("control.tar.gz", tgz_bytes({"./control": b"Package: nats-server\nVersion: 2.10.28\nArchitecture: amd64\nMaintainer: x\nDescription: fake\n"})),
    ("data.tar.gz", tgz_bytes({"./usr/bin/nats-server": script('echo "nats-server: v2.10.28 (fake release)"')})),
])
tar_gz(os.path.join(out, "etcd.tar.gz"), {
    "etcd-v3.5.21-linux-amd64/etcd": script('echo "etcd Version: 3.5.21 (fake release)"'),
    "etcd-v3.5.21-linux-amd64/etcdctl": script('echo "etcdctl version: 3.5.21"'),
    "etcd-v3.5.21-linux-amd64/etcdutl": script('echo "etcdutl version: 3.5.21"'),
})
tar_gz(os.path.join(out, "sccache.tar.gz"), {
    "sccache-v0.8.2-x86_64-unknown-linux-musl/sccache": script('echo "sccache 0.8.2 (fake release)"'),
})
with open(os.path.join(out, "rustup-init"), "wb") as fh:
    fh.write(script('set -e\necho "$@" > /tmp/rustup-init.args\n'
                    'mkdir -p "$CARGO_HOME/bin" "$RUSTUP_HOME/toolchains/fake"\n'
                    'printf "#!/bin/sh\\necho cargo 1.90.0 fake\\n" > "$CARGO_HOME/bin/cargo"\n'
                    'printf "#!/bin/sh\\necho rustc 1.90.0 fake\\n" > "$CARGO_HOME/bin/rustc"\n'
                    'chmod +x "$CARGO_HOME/bin/cargo" "$CARGO_HOME/bin/rustc"\n'
                    'cp /tmp/rustup-init.args "$RUSTUP_HOME/rustup-init.args"'))
PY
MARKER=$(basename "$LOGDIR")
echo "$MARKER" >"$INDEX_DIR/marker.txt"
python3 -m http.server --bind 127.0.0.1 "$PORT" --directory "$INDEX_DIR" >"$LOGDIR/http.log" 2>&1 &
HTTP_PID=$!
trap 'kill "$HTTP_PID" 2>/dev/null || true' EXIT
served=
for _ in $(seq 50); do
    if [ "$(python3 -c "import urllib.request; print(urllib.request.urlopen('http://127.0.0.1:$PORT/marker.txt').read().decode().strip())" 2>/dev/null)" = "$MARKER" ]; then
        served=1; break
    fi
    kill -0 "$HTTP_PID" 2>/dev/null || break
    sleep 0.1
done
[ -n "$served" ] || { echo "error: could not serve the local index on 127.0.0.1:$PORT (port busy?)" >&2; cat "$LOGDIR/http.log" >&2; exit 1; }
INDEX=http://127.0.0.1:$PORT/simple

if [ "$COLD" = 1 ]; then
    echo "cold run: removing $IMG* images and pruning the build cache"
    docker images --format '{{.Repository}}:{{.Tag}}' | grep -E "^$IMG(-base)?:" | xargs -r docker rmi -f >/dev/null
    docker builder prune -af >/dev/null
fi

# ---------------------------------------------------------------- build args
# Local ("user") build args: the suite places user --build-args first AND last (they win).
LOCAL_ARGS=(
    --build-arg "BASE_IMAGE=$BASE_NAME" --build-arg "BASE_IMAGE_TAG=$BASE_TAG"
    --build-arg "RUNTIME_IMAGE=$BASE_NAME" --build-arg "RUNTIME_IMAGE_TAG=$BASE_TAG"
    --build-arg NATS_ETCD_SOURCE=apt --build-arg RUST_SOURCE=apt
    --build-arg "PIP_INDEX_URL=$INDEX" --build-arg "TENSORRTLLM_INDEX_URL=$INDEX"
)
suite_args() { # suite_args FW -> the build args/secrets/labels the suite passes (Build 1 and 2)
    local fw=$1 FW=${1^^}
    local -a a=(--platform linux/amd64 "${LOCAL_ARGS[@]}"
        --build-arg NIXL_REF=0.5.1
        --build-arg "BASE_IMAGE=nvcr.io/nvidia/cuda-dl-base" --build-arg "BASE_IMAGE_TAG=25.01-cuda12.8-devel-ubuntu24.04"
        --build-arg "FRAMEWORK=$FW" --build-arg "${FW}_FRAMEWORK=1"
        --build-arg "VERSION=$VERSION" --build-arg "PYTHON_PACKAGE_VERSION=$PYV")
    if [ "$fw" = trtllm ]; then
        a+=(--build-arg GITHUB_TRTLLM_COMMIT= --build-arg TRTLLM_USE_NIXL_KVCACHE_EXPERIMENTAL=0
            --build-arg HAS_TRTLLM_CONTEXT=0 --build-arg TENSORRTLLM_PIP_WHEEL=tensorrt-llm==1.1.0rc5
            --build-arg TENSORRTLLM_INDEX_URL=https://pypi.python.org/simple
            --build-context "trtllm_wheel=$LOGDIR/empty_trtllm_wheel")
    fi
    case "$fw" in vllm|trtllm) a+=(--build-arg ENABLE_KVBM=true) ;; esac
    a+=(--build-arg NIXL_UCX_REF=v1.19.0 --secret id=HF_TOKEN,env=HF_TOKEN
        --label "org.opencontainers.image.version=$VERSION" --label "org.opencontainers.image.revision=abc1234"
        "${LOCAL_ARGS[@]}")
    printf '%s\0' "${a[@]}"
}
mkdir -p "$LOGDIR/empty_trtllm_wheel"

build() { # build LOGNAME docker-build-args...
    local name=$1; shift
    local t0=$SECONDS
    if docker build --progress plain --network host "$@" >"$LOGDIR/$name.log" 2>&1; then
        pass "build $name ($((SECONDS - t0))s)"
        return 0
    fi
    fail "build $name (log: $LOGDIR/$name.log)"
    tail -n 25 "$LOGDIR/$name.log" | sed 's/^/    /'
    return 1
}
run() { docker run --rm --network none "$@"; }

check_runtime() { # check_runtime IMAGE FW
    local img=$1 fw=$2
    check "$img: user dynamo 1000:0 with group 0" \
        run "$img" bash -c '[ "$(id -un):$(id -u):$(id -g)" = dynamo:1000:0 ] && id -G | tr " " "\n" | grep -qx 0'
    check "$img: HOME=/home/dynamo, WORKDIR /workspace writable" \
        run "$img" bash -c '[ "$HOME" = /home/dynamo ] && [ "$PWD" = /workspace ] && touch /workspace/probe'
    check "$img: no sudo" run "$img" bash -c '! command -v sudo'
    check "$img: python -m dynamo.frontend" run "$img" python -m dynamo.frontend
    check "$img: python -m dynamo.$fw" run "$img" python -m "dynamo.$fw"
    check "$img: nats-server --version" run "$img" nats-server --version
    check "$img: etcd --version" run "$img" etcd --version
    if [ "$fw" = sglang ]; then
        check "$img: system site-packages, no venv" \
            run "$img" bash -c '[ -z "${VIRTUAL_ENV:-}" ] && [ ! -e /opt/dynamo/venv ] && python -c "import sys; assert sys.prefix == sys.base_prefix"'
    else
        check "$img: venv /opt/dynamo/venv on PATH" \
            run "$img" bash -c '[ "$VIRTUAL_ENV" = /opt/dynamo/venv ] && [ "$(command -v python)" = /opt/dynamo/venv/bin/python ]'
    fi
}
check_dev() { # check_dev IMAGE FW
    local img=$1 fw=$2
    if [ "$fw" = none ]; then
        check "$img: user dynamo 1000:0 with passwordless sudo" \
            run "$img" bash -c '[ "$(id -u):$(id -g)" = 1000:0 ] && sudo -n true'
    else
        check "$img: runs as root" run "$img" bash -c '[ "$(id -u)" = 0 ] && [ "$HOME" = /root ]'
        check "$img: CARGO_TARGET_DIR=/workspace/target" run "$img" bash -c '[ "$CARGO_TARGET_DIR" = /workspace/target ]'
    fi
    check "$img: cargo/rustc in /usr/local/cargo/bin, RUSTUP_HOME" \
        run "$img" bash -c '[ "$(command -v cargo)" = /usr/local/cargo/bin/cargo ] && cargo --version && rustc --version && [ "$RUSTUP_HOME" = /usr/local/rustup ] && [ -d /usr/local/rustup ] && [ "$CARGO_HOME" = /usr/local/cargo ]'
    check "$img: python -m dynamo.frontend" run "$img" python -m dynamo.frontend
    [ "$fw" = none ] || check "$img: python -m dynamo.$fw" run "$img" python -m "dynamo.$fw"
    check "$img: nats-server and etcd" run "$img" bash -c 'nats-server --version && etcd --version'
    check "$img: venv /opt/dynamo/venv active" run "$img" bash -c '[ "$VIRTUAL_ENV" = /opt/dynamo/venv ] && python -c "import dynamo"'
}
check_local_dev() { # check_local_dev IMAGE UID GID FW
    local img=$1 uid=$2 gid=$3 fw=$4
    check "$img: user dynamo $uid:$gid, groups include 0" \
        run "$img" bash -c "[ \"\$(id -u):\$(id -g)\" = $uid:$gid ] && id -G | tr ' ' '\n' | grep -qx 0 && [ \"\$(getent passwd dynamo | cut -d: -f3)\" = $uid ]"
    check "$img: passwordless sudo" run "$img" sudo -n true
    check "$img: HOME /home/dynamo owned by the user, WORKDIR /workspace writable" \
        run "$img" bash -c "[ \"\$HOME\" = /home/dynamo ] && [ \"\$(stat -c %u /home/dynamo)\" = $uid ] && [ \"\$PWD\" = /workspace ] && touch /workspace/probe /home/dynamo/probe"
    check "$img: rustup/cargo (and venv) writable, CARGO_TARGET_DIR=/workspace/target" \
        run "$img" bash -c '[ "$CARGO_TARGET_DIR" = /workspace/target ] && touch /usr/local/cargo/probe && mkdir /usr/local/rustup/probe && { [ ! -d /opt/dynamo/venv ] || touch /opt/dynamo/venv/probe /opt/dynamo/venv/bin/probe; } && cargo --version'
    check "$img: python -m dynamo.frontend" run "$img" python -m dynamo.frontend
}

# ---------------------------------------------------------------- the matrix
START=$SECONDS
IMAGES=()
HOST_UID=$(id -u)
HOST_GID=$(id -g)
for fw in $FRAMEWORKS; do
    mapfile -d '' -t ARGS < <(suite_args "$fw")
    if [ "$fw" = none ]; then
        dev_img=$IMG:$VERSION-none-dev
        build none-dev -f container/Dockerfile --target dev "${ARGS[@]}" \
            --tag "$dev_img" --tag "$IMG:latest-none-dev" "$REPO" || continue
        IMAGES+=("$dev_img")
        check_dev "$dev_img" none
    else
        base_img=$IMG-base:$VERSION-$fw
        build "$fw-base" -f container/Dockerfile --target dev "${ARGS[@]}" --tag "$base_img" "$REPO" || continue
        IMAGES+=("$base_img")
        for stage in runtime dev; do
            img=$IMG:$VERSION-$fw-$stage
            build "$fw-$stage" -f "container/Dockerfile.$fw" --target "$stage" "${ARGS[@]}" \
                --build-arg "DYNAMO_BASE_IMAGE=$base_img" --tag "$img" --tag "$IMG:latest-$fw-$stage" "$REPO" || continue 2
            IMAGES+=("$img")
        done
        check_runtime "$IMG:$VERSION-$fw-runtime" "$fw"
        check_dev "$IMG:$VERSION-$fw-dev" "$fw"
        dev_img=$IMG:$VERSION-$fw-dev
    fi
    for ug in "$HOST_UID:$HOST_GID" 2000:3000; do
        uid=${ug%:*} gid=${ug#*:}
        img=$IMG:$VERSION-$fw-local-dev-$uid
        build "$fw-local-dev-$uid" --platform linux/amd64 --build-arg "DEV_BASE=$dev_img" \
            --build-arg "USER_UID=$uid" --build-arg "USER_GID=$gid" --build-arg ARCH=amd64 \
            --file "$REPO/container/Dockerfile.local_dev" --tag "$img" "$REPO/container" || continue
        IMAGES+=("$img")
        check_local_dev "$img" "$uid" "$gid" "$fw"
    done
done
MATRIX_TIME=$((SECONDS - START))

# ---------------------------------------------------------------- extra paths
case " $FRAMEWORKS " in *" trtllm "*)
    # HAS_TRTLLM_CONTEXT=1: the wheel comes from the trtllm_wheel build context
    mapfile -d '' -t ARGS < <(suite_args trtllm)
    img=$IMG:$VERSION-trtllm-runtime-wheelctx
    if build trtllm-runtime-wheel-context -f container/Dockerfile.trtllm --target runtime "${ARGS[@]}" \
        --build-arg "DYNAMO_BASE_IMAGE=$IMG-base:$VERSION-trtllm" --build-arg HAS_TRTLLM_CONTEXT=1 \
        --build-arg GITHUB_TRTLLM_COMMIT=0c9430e5a530ba958fc9dca561a3ad865ad9f492 \
        --build-context "trtllm_wheel=$INDEX_DIR/trtllm_wheel" --tag "$img" "$REPO"; then
        IMAGES+=("$img")
        check "$img: tensorrt_llm from the wheel context" run "$img" python -m tensorrt_llm
        check "$img: tensorrt-llm was installed from the context wheel file" run "$img" python -c \
            "import importlib.metadata as m; assert 'file:///tmp/trtllm_wheel/' in (m.distribution('tensorrt-llm').read_text('direct_url.json') or '')"
        check "$IMG:$VERSION-trtllm-runtime: tensorrt-llm came from the index" run "$IMG:$VERSION-trtllm-runtime" python -c \
            "import importlib.metadata as m; assert m.distribution('tensorrt-llm').read_text('direct_url.json') is None"
    fi
    ;;
esac
# Production code paths (downloads by URL, rustup-init, sccache) against fake artifacts on loopback.
img=$IMG:release-paths
REL=http://127.0.0.1:$PORT/release
if build release-paths -f container/Dockerfile --target base --platform linux/amd64 \
    --build-arg "BASE_IMAGE=$BASE_NAME" --build-arg "BASE_IMAGE_TAG=$BASE_TAG" \
    --build-arg "NATS_URL=$REL/nats-server.deb" --build-arg "ETCD_URL=$REL/etcd.tar.gz" \
    --build-arg "RUSTUP_INIT_URL=$REL/rustup-init" --build-arg USE_SCCACHE=true \
    --build-arg "SCCACHE_URL=$REL/sccache.tar.gz" --tag "$img" "$REPO"; then
    check "$img: release nats/etcd/sccache/rustup paths" run "$img" bash -c \
        'nats-server --version | grep -q fake && etcd --version | grep -q 3.5.21 && [ -x /usr/local/bin/etcd/etcdctl ] && sccache --version | grep -q fake && cargo --version | grep -q fake && grep -q -- "--default-toolchain 1.90.0 --default-host x86_64-unknown-linux-gnu" /usr/local/rustup/rustup-init.args'
fi
# The helper exports the token secret to the pip step only (and to nothing else): a stand-in
# "python" records the SHA-256 of the HF_TOKEN it sees.
SECRET_SHA=$(printf '%s' "$SECRET" | sha256sum | cut -d' ' -f1)
cat >"$LOGDIR/Dockerfile.secret-probe" <<'EOF'
ARG BASE
FROM ${BASE}
RUN --mount=type=bind,source=container/scripts,target=/tmp/dynamo-scripts \
    --mount=type=secret,id=HF_TOKEN,required=false \
    printf '#!/bin/sh\nprintf %%s "$HF_TOKEN" | sha256sum | cut -d" " -f1\n' > /tmp/fakepy && \
    chmod +x /tmp/fakepy && \
    sh /tmp/dynamo-scripts/pip-install.sh /tmp/fakepy x > /tmp/probe.out && rm /tmp/fakepy && \
    [ -z "${HF_TOKEN:-}" ]
EOF
if build secret-probe -f "$LOGDIR/Dockerfile.secret-probe" --no-cache --build-arg "BASE=$BASE" \
    --secret id=HF_TOKEN,env=HF_TOKEN --tag "$IMG:secret-probe" "$REPO"; then
    IMAGES+=("$IMG:secret-probe")
    check "pip-install.sh exports the HF_TOKEN secret to the pip step" \
        run "$IMG:secret-probe" grep -qx "$SECRET_SHA" /tmp/probe.out
fi

# ---------------------------------------------------------------- the secret never lands in an image
for img in "${IMAGES[@]}"; do
    check "$img: history and config free of the HF_TOKEN secret" bash -c \
        "! docker history --no-trunc '$img' | grep -qF '$SECRET' && ! docker image inspect '$img' | grep -qF '$SECRET'"
done
if grep -lF "$SECRET" "$LOGDIR"/*.log >/dev/null 2>&1; then
    fail "build logs contain the HF_TOKEN secret: $(grep -lF "$SECRET" "$LOGDIR"/*.log | tr '\n' ' ')"
else
    pass "build logs free of the HF_TOKEN secret"
fi

echo
echo "matrix ($FRAMEWORKS): ${MATRIX_TIME}s wall; total ${SECONDS}s; logs in $LOGDIR"
echo "$PASS passed, $FAIL failed"
[ "$FAIL" = 0 ]

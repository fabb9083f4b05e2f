#!/bin/sh
# pip-install.sh PYTHON PIP-INSTALL-ARG... -- `PYTHON -m pip install ...` for image builds.
#
# * Index: the build args PIP_INDEX_URL / PIP_EXTRA_INDEX_URL / PIP_TRUSTED_HOST reach this
#   script as environment variables (pip reads them itself); empty ones are dropped.
# * Tokens: GITHUB_TOKEN, GITLAB_TOKEN and HF_TOKEN are read ONLY from BuildKit secrets
#   (RUN --mount=type=secret,id=<NAME>,required=false -> /run/secrets/<NAME>) and exported to
#   this pip process only: they never become build args, ENV or file content of a layer.
# * sccache: with USE_SCCACHE=true (build arg) compilations started by pip (cargo, CMake) go
#   through sccache with the S3 bucket/region build args and the AWS credentials from the
#   BuildKit secrets aws-key-id / aws-secret-id.
# * Downloads are cached in a BuildKit cache mount at /var/cache/dynamo-pip when present.
set -eu
[ "$#" -ge 2 ] || { echo "usage: pip-install.sh PYTHON PIP-INSTALL-ARG..." >&2; exit 2; }
python=$1
shift

for name in PIP_INDEX_URL PIP_EXTRA_INDEX_URL PIP_TRUSTED_HOST; do
    eval "value=\${$name:-}"
    if [ -z "$value" ]; then unset "$name"; else export "$name"; fi
done
export PIP_DISABLE_PIP_VERSION_CHECK=1 PIP_NO_INPUT=1 PIP_ROOT_USER_ACTION=ignore
if [ -d /var/cache/dynamo-pip ]; then
    export PIP_CACHE_DIR=/var/cache/dynamo-pip
else
    export PIP_NO_CACHE_DIR=1
fi

for name in GITHUB_TOKEN GITLAB_TOKEN HF_TOKEN; do
    if [ -s "/run/secrets/$name" ]; then
        value=$(cat "/run/secrets/$name")
        export "$name=$value"
    fi
done
unset value

sccache=
if [ "${USE_SCCACHE:-false}" = true ]; then
    sccache=$(command -v sccache || true)
    if [ -z "$sccache" ] && [ -x /opt/dynamo-base-bin/sccache ]; then
        sccache=/opt/dynamo-base-bin/sccache
    fi
    [ -n "$sccache" ] || { echo "error: USE_SCCACHE=true but no sccache binary (the base image installs it when built with USE_SCCACHE=true)" >&2; exit 1; }
    [ -n "${SCCACHE_BUCKET:-}" ] || { echo "error: USE_SCCACHE=true needs SCCACHE_BUCKET" >&2; exit 1; }
    [ -n "${SCCACHE_REGION:-}" ] || { echo "error: USE_SCCACHE=true needs SCCACHE_REGION" >&2; exit 1; }
    export SCCACHE_BUCKET SCCACHE_REGION
    export RUSTC_WRAPPER="$sccache" CMAKE_C_COMPILER_LAUNCHER="$sccache" \
        CMAKE_CXX_COMPILER_LAUNCHER="$sccache" CMAKE_CUDA_COMPILER_LAUNCHER="$sccache"
    if [ -s /run/secrets/aws-key-id ]; then
        AWS_ACCESS_KEY_ID=$(cat /run/secrets/aws-key-id); export AWS_ACCESS_KEY_ID
    fi
    if [ -s /run/secrets/aws-secret-id ]; then
        AWS_SECRET_ACCESS_KEY=$(cat /run/secrets/aws-secret-id); export AWS_SECRET_ACCESS_KEY
    fi
fi

status=0
"$python" -m pip install "$@" || status=$?
if [ -n "$sccache" ]; then
    "$sccache" --stop-server >/dev/null 2>&1 || true
fi
exit "$status"

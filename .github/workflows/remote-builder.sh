#!/usr/bin/env bash
# A job's BuildKit builder on the repository's own BuildKit daemons, when the BUILDKIT_AMD64 / BUILDKIT_ARM64
# repository variables name their endpoints (README "Remote and multi-node builders"): tools/create-builder.sh makes
# it, with the TLS client certificates of the BUILDKIT_CACERT / BUILDKIT_CERT / BUILDKIT_KEY secrets (PEM text) when
# they are set, and name=NAME goes to $GITHUB_OUTPUT. Without an endpoint (a pull request from a fork has no variables
# and no secrets) it does nothing: the job builds on the runner.
#
#   .github/workflows/remote-builder.sh ARCH...    the architectures the job builds; each one's endpoint is BUILDKIT_<ARCH>
set -euo pipefail
args=()
for arch in "$@"; do
  variable="BUILDKIT_${arch^^}"
  if [[ -n ${!variable-} ]]; then
    args+=("--$arch" "${!variable}")
  fi
done
if ((${#args[@]} == 0)); then
  names=("${@^^}")
  echo "No BuildKit endpoint variable (${names[*]/#/BUILDKIT_}): building on the runner."
  exit 0
fi

# The certificates stay for the job (buildx reads them at each build); the folder is the job's and only its user's.
certificates=$(mktemp -d "${RUNNER_TEMP:-${TMPDIR:-/tmp}}/buildkit-certificates-XXXXXX")
for file in cacert cert key; do
  variable="BUILDKIT_${file^^}"
  if [[ -n ${!variable-} ]]; then
    (umask 077 && printf '%s\n' "${!variable}" >"$certificates/$file.pem")
    args+=("--$file" "$certificates/$file.pem")
  fi
done

name=dynamo-remote
"$(dirname "$0")/../../tools/create-builder.sh" --name "$name" "${args[@]}"
echo "name=$name" >>"$GITHUB_OUTPUT"

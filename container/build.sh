#!/usr/bin/env bash
# Front door: takes build.sh's options (docs/decisions.md §1.1) verbatim and hands them to
# the build host, which maps them (in C#, build/FrontDoor) onto its tasks and options.
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
exec "$here/../build.sh" --front-door build.sh "$@"

#!/usr/bin/env bash
# Front door: takes run.sh's options (docs/decisions.md §1.6) verbatim and hands them to the build
# host, which maps them (in C#, build/FrontDoor) onto its RunContainer task; the words after -- stay as given.
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
exec "$here/../build.sh" --front-door run.sh "$@"

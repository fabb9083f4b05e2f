#!/usr/bin/env bash
# Seed-compatible front door: takes the original container/run.sh's options verbatim and hands them to the build
# host, which maps them (in C#, build/FrontDoor) onto its RunContainer task; the words after -- stay as given.
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
exec "$here/../build.sh" --front-door run.sh "$@"

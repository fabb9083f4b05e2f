#!/usr/bin/env bash
# Seed-compatible front door: takes the original container/build.sh's options verbatim and hands them to
# the build host, which maps them (in C#, build/FrontDoor) onto its tasks and options.
here="$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)"
exec "$here/../build.sh" --front-door build.sh "$@"

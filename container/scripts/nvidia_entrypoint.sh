#!/bin/sh
# Minimal stand-in for NGC's /opt/nvidia/nvidia_entrypoint.sh. It is installed only when the
# base image does not already provide one (NGC images do; plain Debian/Ubuntu images do not).
# No arguments: an interactive shell. Otherwise: run the given command in place of this script.
if [ "$#" -eq 0 ]; then
    exec /bin/bash
fi
exec "$@"

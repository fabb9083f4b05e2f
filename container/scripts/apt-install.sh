#!/bin/sh
# apt-install.sh PACKAGE... -- install Debian/Ubuntu packages without recommends.
# Used from Dockerfiles as
#   RUN --mount=type=bind,source=container/scripts,target=/tmp/dynamo-scripts \
#       --mount=type=cache,id=dynamo-apt-cache,target=/var/cache/apt,sharing=private \
#       --mount=type=cache,id=dynamo-apt-lists,target=/var/lib/apt/lists,sharing=private \
#       /tmp/dynamo-scripts/apt-install.sh pkg...
# The package lists and downloaded .debs live in BuildKit cache mounts, so nothing of apt's
# state ends up in a layer. sharing=private: apt cannot share its state between two apt-get
# runs at once, and `locked` would make the parallel builds of one bake wait for each other's
# apt steps; a step running beside another gets a cache of its own (a fresh `apt-get update`
# costs ~2 s), one after another they reuse the same (docs/decisions.md §3.1).
set -eu
[ "$#" -gt 0 ] || { echo "usage: apt-install.sh PACKAGE..." >&2; exit 2; }
export DEBIAN_FRONTEND=noninteractive
# Keep downloaded packages in the cache mount (Ubuntu/Debian images may ship docker-clean).
rm -f /etc/apt/apt.conf.d/docker-clean
printf 'Binary::apt::APT::Keep-Downloaded-Packages "true";\n' > /etc/apt/apt.conf.d/90dynamo-keep-cache
apt-get update -qq
apt-get install -y -qq --no-install-recommends "$@"

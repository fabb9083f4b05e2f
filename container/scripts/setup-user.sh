#!/bin/sh
# setup-user.sh -- the image user contract shared by every Dynamo image:
#   * user `dynamo`, UID 1000, primary group 0 (root), home /home/dynamo, login shell bash;
#     a pre-existing `ubuntu` user (Ubuntu >= 23.04 images own UID 1000 with it) is removed;
#   * /workspace and /opt/dynamo exist, owned by dynamo:0 and group-writable;
#   * /opt/nvidia/nvidia_entrypoint.sh exists (ours, unless the base image ships NGC's).
set -eu
here=$(dirname "$0")
if id -u ubuntu >/dev/null 2>&1; then
    userdel -r ubuntu >/dev/null 2>&1 || userdel ubuntu
fi
if ! id -u dynamo >/dev/null 2>&1; then
    useradd --create-home --home-dir /home/dynamo --shell /bin/bash --uid 1000 --gid 0 dynamo
fi
[ "$(id -u dynamo)" = 1000 ] || { echo "error: user dynamo must have UID 1000" >&2; exit 1; }
[ "$(id -g dynamo)" = 0 ] || { echo "error: user dynamo must have GID 0" >&2; exit 1; }
mkdir -p /home/dynamo /workspace /opt/dynamo
chown dynamo:0 /home/dynamo /workspace /opt/dynamo
chmod 0775 /workspace /opt/dynamo
if [ ! -x /opt/nvidia/nvidia_entrypoint.sh ]; then
    install -D -m 0755 "$here/nvidia_entrypoint.sh" /opt/nvidia/nvidia_entrypoint.sh
fi

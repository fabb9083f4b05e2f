#!/bin/sh
# local-dev-user.sh -- turn a dev image into a local-dev image for the host user:
#   * user `dynamo` with UID=USER_UID, primary GID=USER_GID, supplementary group 0,
#     home /home/dynamo (owned by the user), login shell bash, passwordless sudo;
#   * if a group with USER_GID already exists it is reused as is (never deleted or renamed);
#     otherwise a group `dynamo` gets that GID (created, or renumbered if it exists);
#   * if another account already has USER_UID (e.g. 0 when built by root) dynamo shares it
#     (non-unique UID) instead of that account being deleted;
#   * RUSTUP_HOME, CARGO_HOME, the venv (if present) and /workspace are writable by the user.
set -eu
uid=${USER_UID:?}
gid=${USER_GID:?}
case "$uid$gid" in *[!0-9]*) echo "error: USER_UID/USER_GID must be numbers ($uid/$gid)" >&2; exit 1 ;; esac

if id -u ubuntu >/dev/null 2>&1 && [ "$(id -u ubuntu)" = "$uid" ]; then
    userdel -r ubuntu >/dev/null 2>&1 || userdel ubuntu
fi

if group=$(getent group "$gid" | cut -d: -f1) && [ -n "$group" ]; then
    : # reuse the existing group
elif getent group dynamo >/dev/null 2>&1; then
    groupmod -g "$gid" dynamo
    group=dynamo
else
    groupadd -g "$gid" dynamo
    group=dynamo
fi

uid_owner=$(getent passwd "$uid" | cut -d: -f1 || true)
nonunique=
if [ -n "$uid_owner" ] && [ "$uid_owner" != dynamo ]; then
    echo "note: UID $uid belongs to '$uid_owner'; user dynamo shares it" >&2
    nonunique=--non-unique
fi
if id -u dynamo >/dev/null 2>&1; then
    # usermod re-owns the home directory; other files of the old UID stay as they are (the
    # image grants group 0 write access where it matters, and dynamo is in group 0).
    # shellcheck disable=SC2086
    usermod $nonunique --uid "$uid" --gid "$gid" --groups 0 --home /home/dynamo --shell /bin/bash dynamo
else
    # shellcheck disable=SC2086
    useradd $nonunique --uid "$uid" --gid "$gid" --groups 0 --home-dir /home/dynamo \
        --create-home --shell /bin/bash dynamo
fi

mkdir -p /home/dynamo/.cache /home/dynamo/.commandhistory /workspace
chown -R "$uid:$gid" /home/dynamo
chown "$uid:$gid" /workspace
chmod 0775 /workspace
if [ -d /opt/dynamo ]; then chown "$uid:$gid" /opt/dynamo; fi

mkdir -p /etc/sudoers.d
echo "dynamo ALL=(ALL) NOPASSWD:ALL" > /etc/sudoers.d/dynamo
chmod 0440 /etc/sudoers.d/dynamo

# Group-0 write access where the dev image does not grant it already (touching only the
# entries that need it keeps the layer small).
for dir in "${RUSTUP_HOME:-/usr/local/rustup}" "${CARGO_HOME:-/usr/local/cargo}" "${VIRTUAL_ENV:-}"; do
    [ -n "$dir" ] && [ -d "$dir" ] || continue
    find "$dir" ! -type l \( ! -group 0 -o ! -perm -g=w \) -exec chgrp 0 {} + -exec chmod g+w {} +
done

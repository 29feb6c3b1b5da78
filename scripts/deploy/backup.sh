#!/bin/sh
# The nightly backup (systemd/fuchu-portal-backup.service): `manage.py backup` into a new folder named for the
# time under BACKUP_ROOT, then the newest BACKUP_KEEP backups are kept and older ones deleted. A backup that
# fails leaves nothing behind and the unit fails (see `systemctl --failed`). Copy BACKUP_ROOT off this machine
# with the city's own backup system: a backup on the same disk does not survive the disk.
set -eu
APP_DIR="${APP_DIR:-/srv/fuchu-portal}"
BACKUP_ROOT="${BACKUP_ROOT:-/var/backups/fuchu-portal}"
BACKUP_KEEP="${BACKUP_KEEP:-14}"
PYTHON="${PYTHON:-$APP_DIR/.venv/bin/python}"

folder="$BACKUP_ROOT/$(date +%Y%m%d-%H%M%S)"
mkdir -p "$BACKUP_ROOT"
cd "$APP_DIR"
if ! "$PYTHON" manage.py backup "$folder"; then
    rm -rf "$folder"
    exit 1
fi

# Rotation: folders this script made (YYYYMMDD-HHMMSS), newest first; all but the first BACKUP_KEEP go.
find "$BACKUP_ROOT" -mindepth 1 -maxdepth 1 -type d -name '[0-9]*-[0-9]*' | sort -r | tail -n +"$((BACKUP_KEEP + 1))" |
    while read -r old; do
        rm -rf "$old"
        echo "Removed the old backup $old"
    done

#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and media folder.
#   DATABASE_URL=postgres://.../partnership_restored MEDIA_ROOT=/data/media scripts/restore.sh /backups/2026-11-23
set -euo pipefail
source="${1:?usage: scripts/restore.sh <folder>}"
: "${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the media folder to restore into}"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$source/partnership.dump"
mkdir -p "$MEDIA_ROOT"
tar -C "$MEDIA_ROOT" -xzf "$source/media.tar.gz"
echo "Restored $source into the database and $MEDIA_ROOT"

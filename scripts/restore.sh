#!/usr/bin/env bash
# Restore a backup made by scripts/backup.sh into an EMPTY database and an empty media folder or bucket.
#   DATABASE_URL=postgres://.../partnership_restored MEDIA_ROOT=/data/media scripts/restore.sh /backups/2026-11-23
#   DATABASE_URL=postgres://.../partnership_restored OBJECT_STORAGE_BUCKET=... scripts/restore.sh /backups/2026-11-23
# A folder backup (media.tar.gz) restores into a bucket too, and a bucket backup (files.tar.gz) into a folder.
set -euo pipefail
source="$(cd "${1:?usage: scripts/restore.sh <folder>}" && pwd)"
: "${DATABASE_URL:?set DATABASE_URL to the (empty) database to restore into}"
[ -z "${MEDIA_ROOT:-}" ] || { mkdir -p "$MEDIA_ROOT" && MEDIA_ROOT="$(cd "$MEDIA_ROOT" && pwd)"; }
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
pg_restore --no-owner --no-privileges --exit-on-error --dbname="$DATABASE_URL" "$source/partnership.dump"
archive="$source/files.tar.gz"
[ -f "$archive" ] || archive="$source/media.tar.gz"
if [ -n "${OBJECT_STORAGE_BUCKET:-}" ]; then
  "$PYTHON" manage.py files_restore "$archive"
  where="bucket $OBJECT_STORAGE_BUCKET"
else
  : "${MEDIA_ROOT:?set MEDIA_ROOT to the media folder to restore into (or OBJECT_STORAGE_BUCKET to the bucket)}"
  mkdir -p "$MEDIA_ROOT"
  tar -C "$MEDIA_ROOT" -xzf "$archive"
  where="$MEDIA_ROOT"
fi
echo "Restored $source into the database and $where"

#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and every stored file (uploaded papers, evidence, PDFs).
#   One machine, files in a folder:
#     DATABASE_URL=postgres://... MEDIA_ROOT=/data/media scripts/backup.sh /backups/2026-11-23
#   Several machines, files in a bucket (the app's own OBJECT_STORAGE_* variables, see README: Production):
#     DATABASE_URL=postgres://... OBJECT_STORAGE_BUCKET=... scripts/backup.sh /backups/2026-11-23
set -euo pipefail
target="${1:?usage: scripts/backup.sh <folder>}"
: "${DATABASE_URL:?set DATABASE_URL to the production database}"
mkdir -p "$target"
target="$(cd "$target" && pwd)"
[ -z "${MEDIA_ROOT:-}" ] || MEDIA_ROOT="$(cd "$MEDIA_ROOT" && pwd)"
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$( [ -x .venv/bin/python ] && echo .venv/bin/python || echo python3 )}"
pg_dump --format=custom --no-owner --no-privileges --file="$target/partnership.dump" "$DATABASE_URL"
if [ -n "${OBJECT_STORAGE_BUCKET:-}" ]; then
  # Through Django's storage API, object by object: no bucket tool needed, the same credentials as the app.
  "$PYTHON" manage.py files_backup "$target/files.tar.gz"
else
  : "${MEDIA_ROOT:?set MEDIA_ROOT to the media folder (or OBJECT_STORAGE_BUCKET to the bucket)}"
  tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
fi
echo "Backed up to $target: $(du -sh "$target" | cut -f1)"

#!/usr/bin/env bash
# Back up the database (pg_dump, custom format) and the media folder (uploaded papers, PDFs).
#   DATABASE_URL=postgres://... MEDIA_ROOT=/data/media scripts/backup.sh /backups/2026-11-23
set -euo pipefail
target="${1:?usage: scripts/backup.sh <folder>}"
: "${DATABASE_URL:?set DATABASE_URL to the production database}"
: "${MEDIA_ROOT:?set MEDIA_ROOT to the media folder}"
mkdir -p "$target"
pg_dump --format=custom --no-owner --no-privileges --file="$target/partnership.dump" "$DATABASE_URL"
tar -C "$MEDIA_ROOT" -czf "$target/media.tar.gz" .
echo "Backed up to $target: $(du -sh "$target" | cut -f1)"

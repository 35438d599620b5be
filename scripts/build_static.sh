#!/usr/bin/env bash
# Collect the static files as production serves them: with DEBUG off, so the storage is
# common.storage.StaticStorage (hashed names, a manifest, compressed copies). Collected with DEBUG on,
# there is no manifest and every page answers 500 once DEBUG is off.
#   scripts/build_static.sh            into STATIC_ROOT (default: staticfiles/)
# The Dockerfile runs this when it builds the image, and tests/production runs it before starting
# gunicorn, so the test serves what the image serves. Collecting reads no secret, but the production
# settings refuse to load without one: a throwaway key is made up when SECRET_KEY is not set.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
PYTHON="${PYTHON:-python}"
SECRET_KEY="${SECRET_KEY:-$("$PYTHON" -c 'import secrets; print(secrets.token_urlsafe(50))')}"
DEBUG=off SECRET_KEY="$SECRET_KEY" ALLOWED_HOSTS="${ALLOWED_HOSTS:-localhost}" \
  exec "$PYTHON" manage.py collectstatic --no-input

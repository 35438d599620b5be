#!/usr/bin/env bash
# The Debian packages `make test` needs besides Python, checked before anything runs:
#   postgresql-15 (the throwaway database), redis-server, chromium (the browser tests drive
#   /usr/bin/chromium), poppler-utils (pdftotext reads the generated PDFs back) and Node 20 with npm
#   (the tests' OpenID Connect provider, tests/oidc_provider/).
# As root with apt-get it installs what is missing; otherwise it prints the line to run and exits 2.
set -euo pipefail

missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || command -v initdb >/dev/null 2>&1 || missing+=(postgresql-15)
command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v node >/dev/null 2>&1 || missing+=(nodejs)
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing the Debian packages make test needs: ${missing[*]}" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
else
  echo "make test needs these Debian packages first. Install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 2
fi

#!/usr/bin/env bash
# Build GOV.UK Frontend (council-styled) into ../static/govuk/.
# Run from any directory; called by `make assets`. Output is committed, so
# Node is only needed when changing the design system version or app.scss.
set -euo pipefail

FRONTEND_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO_DIR="$(cd "${FRONTEND_DIR}/.." && pwd)"
OUT_DIR="${REPO_DIR}/static/govuk"
GOVUK_DIST="${FRONTEND_DIR}/node_modules/govuk-frontend/dist/govuk"

cd "${FRONTEND_DIR}"

# Exact, lockfile-pinned install. --ignore-scripts: nothing here needs install
# scripts (sass's optional @parcel/watcher is only used for --watch).
npm ci --ignore-scripts --no-audit --no-fund


# Compile. govuk-frontend 5.x uses @import, so silence the @import deprecation
# for our entry file; --quiet-deps silences warnings from inside node_modules.
npx --no-install sass \
  --load-path=node_modules \
  --style=compressed \
  --no-source-map \
  --quiet-deps \
  --silence-deprecation=import \
  scss/app.scss "${OUT_DIR}/govuk-frontend.min.css"

# JavaScript (ES module: load with <script type="module">).
cp "${GOVUK_DIST}/govuk-frontend.min.js" "${OUT_DIR}/govuk-frontend.min.js"

# GOV.UK's images (crest, crown icons, favicons) are GOV.UK branding: a council service ships none,
# and scss/app.scss compiles every govuk-image-url() to `none` so no rule refers to one.
rm -rf "${OUT_DIR}/assets"

ls -l "${OUT_DIR}"

#!/usr/bin/env bash
# Serve the whole app on the embedded defaults: web, a Celery worker and the beat scheduler.
# Ctrl-C stops all three together.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
pids=()
stop() {
  trap - INT TERM EXIT
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A partnership worker --loglevel=INFO --concurrency=2 --without-gossip --without-mingle &
pids+=($!)
.venv/bin/celery -A partnership beat --loglevel=INFO &
pids+=($!)
$PY manage.py runserver 127.0.0.1:8000 &
pids+=($!)
echo
echo "The Partnership app is at http://127.0.0.1:8000/ (Ctrl-C stops web, worker and scheduler)."
echo "Mail it sends is written to var/mail/."
# Whichever of the three stops first stops the others.
wait -n

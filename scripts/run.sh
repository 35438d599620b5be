#!/usr/bin/env bash
# Serve the whole app on the embedded defaults: web, a Celery worker and the beat scheduler.
# Ctrl-C (or SIGTERM) stops all three together within 10 seconds (tests/operations/test_make_run_stops.py).
# PORT moves the web server (default 8000); VAR_DIR moves the quick start's files (default var/).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PORT="${PORT:-8000}"
worker="" beat="" web=""

alive() {
  for pid in "$@"; do [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && return 0; done
  return 1
}

stop() {
  trap - INT TERM EXIT
  # The worker's cold shutdown: running tasks are stopped and, acknowledged late, go back to the queue for the next
  # start. SIGTERM (a warm shutdown) waits for every running task however long: a big agenda pack held Ctrl-C for
  # over a minute. (Docker's SIGTERM keeps the warm shutdown in production.)
  [ -n "$worker" ] && kill -QUIT "$worker" 2>/dev/null || true
  # runserver's autoreloader serves from a child process: stop it too, not only its parent.
  [ -n "$web" ] && pkill -TERM -P "$web" 2>/dev/null || true
  for pid in "$beat" "$web"; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true; done
  # Whatever still runs after 6 seconds (a busy machine slows the worker's own shutdown) is stopped outright, the
  # worker's pool processes with it. A task it had not yet put back is not lost for good: the beat queues a PDF
  # still being prepared again (requeue_stuck_pdfs) and the outbox sends what is still due.
  for _ in $(seq 30); do alive "$worker" "$beat" "$web" || break; sleep 0.2; done
  if alive "$worker" "$beat" "$web"; then
    for pid in "$worker" "$beat" "$web"; do
      [ -n "$pid" ] || continue
      pkill -KILL -P "$pid" 2>/dev/null || true
      kill -KILL "$pid" 2>/dev/null || true
    done
  fi
  wait 2>/dev/null || true
}
trap stop INT TERM EXIT

.venv/bin/celery -A partnership worker --loglevel=INFO --concurrency=2 --without-gossip --without-mingle &
worker=$!
.venv/bin/celery -A partnership beat --loglevel=INFO &
beat=$!
$PY manage.py runserver "127.0.0.1:$PORT" &
web=$!
echo
echo "The Partnership app is at http://127.0.0.1:$PORT/ (Ctrl-C stops web, worker and scheduler)."
echo "Mail it sends is written to var/mail/."
# Whichever of the three stops first stops the others.
wait -n

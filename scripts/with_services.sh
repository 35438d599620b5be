#!/usr/bin/env bash
# Run a command against a throwaway PostgreSQL 15 and Redis started in a temporary folder.
#   scripts/with_services.sh <command> [args...]
# Exports DATABASE_URL and REDIS_URL for the command, stops both servers whatever happens, and
# exits with the command's status. Ports are picked free, so several runs can share a machine.
set -euo pipefail

PG_BIN="${PG_BIN:-/usr/lib/postgresql/15/bin}"
[ -x "$PG_BIN/initdb" ] || PG_BIN="$(dirname "$(command -v initdb || echo /nonexistent/initdb)")"
if [ ! -x "$PG_BIN/initdb" ]; then
  echo "PostgreSQL 15 server binaries not found. Install them: apt-get install postgresql-15" >&2
  exit 2
fi
if ! command -v redis-server >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "redis-server is missing: installing Debian's redis-server package" >&2
    (apt-get install -y -qq redis-server >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq redis-server; }) >&2
  else
    echo "redis-server is missing. Install it with: sudo apt-get install redis-server" >&2
    exit 2
  fi
fi

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'; }

WORK="$(mktemp -d -t partnership-services.XXXXXX)"
PG_PORT="$(free_port)"
REDIS_PORT="$(free_port)"
AS_PG=()
if [ "$(id -u)" = 0 ]; then
  chown postgres "$WORK"
  AS_PG=(runuser -u postgres --)
fi

cleanup() {
  status=$?
  "${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -m immediate stop >/dev/null 2>&1 || true
  [ -f "$WORK/redis.pid" ] && kill "$(cat "$WORK/redis.pid")" 2>/dev/null || true
  rm -rf "$WORK"
  exit $status
}
trap cleanup EXIT INT TERM

"${AS_PG[@]}" "$PG_BIN/initdb" -D "$WORK/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
  || { cat "$WORK/initdb.log" >&2; exit 2; }
# Durability is irrelevant for a throwaway test database; these make it fast.
"${AS_PG[@]}" "$PG_BIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg.log" -w -t 60 \
  -o "-p $PG_PORT -k $WORK -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
  start >/dev/null || { cat "$WORK/pg.log" >&2; exit 2; }

# 40 databases: tests under pytest-xdist give each process its own (tests/conftest.py).
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --daemonize yes --databases 40 \
  --pidfile "$WORK/redis.pid" --logfile "$WORK/redis.log" --dir "$WORK"
for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done

export DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/partnership"
export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
export SERVICES_DIR="$WORK"
"${AS_PG[@]}" "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres partnership
echo "services: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on :$PG_PORT, Redis $(redis-server --version | awk '{print $3}' | cut -d= -f2) on :$REDIS_PORT" >&2

set +e
"$@"

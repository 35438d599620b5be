"""The app refuses to start with unsafe production settings, and is clean under check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOOD_KEY = "k3y-" + "x9Qz7Lm2Rt5Vw8Yb1Nc4Hd6Jf0Gs3Pa" * 2


def run_manage(*args, **env_overrides):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )


def test_production_refuses_the_demo_secret_key_and_names_the_variable():
    result = run_manage("check", DEBUG="off", ALLOWED_HOSTS="partnership.example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr
    assert "at least 50 characters" in result.stderr


def test_production_refuses_a_short_secret_key():
    result = run_manage("check", DEBUG="off", SECRET_KEY="short-but-not-default", ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_refuses_empty_allowed_hosts_and_names_the_variable():
    result = run_manage("check", DEBUG="off", SECRET_KEY=GOOD_KEY)
    assert result.returncode != 0
    assert "ALLOWED_HOSTS" in result.stderr


def test_check_deploy_reports_nothing_with_production_values():
    result = run_manage(
        "check", "--deploy", "--fail-level", "WARNING", DEBUG="off", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org"
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_demo_loader_refuses_to_run_with_debug_off():
    result = run_manage("load_demo", DEBUG="off", SECRET_KEY=GOOD_KEY, ALLOWED_HOSTS="example.org")
    assert result.returncode != 0
    assert "DEBUG" in result.stderr


SQLITE_CONCURRENCY = """
import threading, time
from django.db import connection, transaction
cursor = connection.cursor()
print(cursor.execute("PRAGMA journal_mode").fetchone()[0], cursor.execute("PRAGMA busy_timeout").fetchone()[0])
cursor.execute("CREATE TABLE IF NOT EXISTS t (n integer)")
connection.close()
errors = []
holding = threading.Event()

def first():
    with transaction.atomic():
        connection.cursor().execute("SELECT count(*) FROM t")
        connection.cursor().execute("INSERT INTO t VALUES (1)")
        holding.set()
        time.sleep(1)
    connection.close()

def second():
    holding.wait()
    try:
        with transaction.atomic():
            connection.cursor().execute("SELECT count(*) FROM t")
            connection.cursor().execute("INSERT INTO t VALUES (2)")
    except Exception as error:
        errors.append(repr(error))
    connection.close()

threads = [threading.Thread(target=first), threading.Thread(target=second)]
[t.start() for t in threads]
[t.join() for t in threads]
print(connection.cursor().execute("SELECT count(*) FROM t").fetchone()[0], errors)
"""


def test_the_sqlite_quick_start_waits_for_a_busy_database_instead_of_failing(tmp_path):
    """Two requests writing at once on the quick start: the second waits its turn (WAL, a busy timeout,
    transactions that take the write lock at BEGIN) rather than answering 500 "database is locked"."""
    result = run_manage(
        "shell", "-c", SQLITE_CONCURRENCY, DATABASE_URL=f"sqlite:///{tmp_path / 'quick.sqlite3'}", REDIS_URL=""
    )
    assert result.returncode == 0, result.stderr
    pragmas, outcome = result.stdout.strip().splitlines()[-2:]
    journal_mode, busy_timeout = pragmas.split()
    assert journal_mode == "wal"
    assert int(busy_timeout) >= 5000
    assert outcome == "2 []"

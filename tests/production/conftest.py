"""The app started the way production starts it, on a free 127.0.0.1 port.

Static files are collected by scripts/build_static.sh (what the Dockerfile runs) into a temporary
STATIC_ROOT; a fresh PostgreSQL database is migrated and filled with the access matrix's world;
gunicorn serves partnership.wsgi with DEBUG off, a real SECRET_KEY, ALLOWED_HOSTS=127.0.0.1 and
REQUIRE_ADMIN_2FA at its production default. Requests come "through the proxy": with the
X-Forwarded-Proto header the settings trust, as docker-compose's health check sends.
"""

import http.client
import http.cookies
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.parse
from pathlib import Path
from types import SimpleNamespace

import environ
import psycopg2
import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
# Server-side variables the test process may carry (pytest-django's, a developer's) that production does not set.
NOT_IN_PRODUCTION = {"DEBUG", "SECRET_KEY", "ALLOWED_HOSTS", "DJANGO_ALLOW_ASYNC_UNSAFE", "REQUIRE_ADMIN_2FA"}
# Redis database for the server's cache and broker, apart from the one the rest of the suite uses.
REDIS_DB = 7


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Client:
    """A plain HTTP client that keeps its own cookies (Secure ones too) and speaks as the proxy would."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, data=None):
        headers = {"Host": f"127.0.0.1:{self.port}", "X-Forwarded-Proto": "https"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = f"https://127.0.0.1:{self.port}"  # what a browser sends with a form over HTTPS
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            response.body = response.read()
        finally:
            connection.close()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                for name, morsel in http.cookies.SimpleCookie(value).items():
                    if morsel["max-age"] == "0" or not morsel.value:
                        self.cookies.pop(name, None)
                    else:
                        self.cookies[name] = morsel.value
        return response

    def get(self, path):
        return self.request("GET", path)

    def post(self, path, data):
        return self.request("POST", path, data)


@pytest.fixture(scope="session")
def production(tmp_path_factory):
    """A running production-mode server: its port, the seed's document, its log and its environment."""
    if not os.environ.get("DATABASE_URL", "").startswith("postgres") or not os.environ.get("REDIS_URL"):
        pytest.fail("the production-mode test needs PostgreSQL and Redis: run it under scripts/with_services.sh")
    work = tmp_path_factory.mktemp("production")
    database = environ.Env.db_url_config(os.environ["DATABASE_URL"])
    name = f"production_{secrets.token_hex(4)}"
    maintenance = psycopg2.connect(
        dbname=database["NAME"], user=database["USER"], host=database["HOST"], port=database["PORT"]
    )
    maintenance.autocommit = True
    with maintenance.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    redis_url = urllib.parse.urlsplit(os.environ["REDIS_URL"])._replace(path=f"/{REDIS_DB}").geturl()
    redis.Redis.from_url(redis_url).flushdb()
    env = {key: value for key, value in os.environ.items() if key not in NOT_IN_PRODUCTION}
    env.update(
        DEBUG="off",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        DATABASE_URL=f"postgres://{database['USER']}@{database['HOST']}:{database['PORT']}/{name}",
        REDIS_URL=redis_url,
        STATIC_ROOT=str(work / "static"),
        MEDIA_ROOT=str(work / "media"),
        PYTHON=sys.executable,
        PYTHONDONTWRITEBYTECODE="1",
    )
    port = free_port()
    processes = []

    def background(args, log_name, **options):
        processes.append(start(args, env, work / log_name, **options))
        return processes[-1]

    try:
        # Collecting and migrating are independent; gunicorn starts while the world is seeded.
        steps = [
            background([str(ROOT / "scripts" / "build_static.sh")], "collectstatic.log"),
            background([sys.executable, "manage.py", "migrate", "--no-input"], "migrate.log"),
        ]
        for step in steps:
            finish(step)
        # Stopped with SIGINT, gunicorn's quick shutdown: SIGTERM waits for idle workers to notice.
        server = background(gunicorn_command(port), "gunicorn.log", stop_signal=signal.SIGINT)
        finish(background([sys.executable, "-m", "tests.production.seed", str(work / "seed.json")], "seed.log"))
        _wait_until_healthy(port, server)
        seed = json.loads((work / "seed.json").read_text())
        yield SimpleNamespace(port=port, seed=seed, log=server.log, env=env)
    finally:
        for process in processes:
            stop(process)
        with maintenance.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        maintenance.close()
        redis.Redis.from_url(redis_url).flushdb()


def gunicorn_command(port):
    """The Dockerfile's CMD, bound to a free local port instead of 0.0.0.0:8000."""
    line = next(line for line in (ROOT / "Dockerfile").read_text().splitlines() if line.startswith("CMD "))
    command = json.loads(line.removeprefix("CMD "))
    assert command[0] == "gunicorn", f"the image no longer starts gunicorn: {line}"
    command[command.index("--bind") + 1] = f"127.0.0.1:{port}"
    return [sys.executable, "-m", "gunicorn", *command[1:]]


def start(args, env, log_path, stop_signal=signal.SIGTERM):
    """Run a command in the background, its output (both streams) in log_path."""
    with open(log_path, "w") as log:
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    process.stop_signal = stop_signal
    process.log = log_path
    process.args_text = " ".join(map(str, args))
    return process


def stop(process):
    if process.poll() is None:
        process.send_signal(process.stop_signal)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def finish(process, timeout=180):
    returncode = process.wait(timeout=timeout)
    assert returncode == 0, f"{process.args_text} failed:\n{process.log.read_text()}"


def _wait_until_healthy(port, server):
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert server.poll() is None, f"gunicorn exited:\n{server.log.read_text()}"
        try:
            if Client(port).get("/healthz").status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"gunicorn did not answer /healthz with 200 within 90 seconds:\n{server.log.read_text()}")


def sign_in(server, role):
    """Sign in through the real form (and, for the admin, the real second-factor form)."""
    from django_otp.oath import totp

    seed = server.seed
    client = Client(server.port)
    if role == "anonymous":
        return client
    form = client.get(seed["login_url"])
    answer = client.post(
        seed["login_url"],
        {"username": seed["emails"][role], "password": seed["password"], "csrfmiddlewaretoken": csrf_token(form)},
    )
    assert answer.status == 302, f"sign-in as {role}: {answer.status}\n{answer.body.decode()[:2000]}"
    if role == "admin":
        assert answer.getheader("Location").startswith(seed["two_factor_url"]), "admins are asked for a second factor"
        location = answer.getheader("Location")
        for _ in range(2):
            form = client.get(location)
            code = f"{totp(bytes.fromhex(seed['totp_key'])):06d}"
            answer = client.post(seed["two_factor_url"], {"code": code, "csrfmiddlewaretoken": csrf_token(form)})
            if answer.status == 302:
                break
            # A code is taken once (django-otp): a second sign-in in the same 30 seconds waits for the next code.
            time.sleep(30 - time.time() % 30 + 1)
        assert answer.status == 302, f"second factor: {answer.status}\n{answer.body.decode()[:2000]}"
    return client


def csrf_token(response):
    html = response.body.decode()
    marker = 'name="csrfmiddlewaretoken" value="'
    assert marker in html, f"no CSRF token in the form ({response.status})"
    start = html.index(marker) + len(marker)
    return html[start : html.index('"', start)]

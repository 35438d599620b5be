"""Real components for tests that must not fake them: a local SMTP server and a Celery worker.

`smtp_server` is an aiosmtpd server on a free 127.0.0.1 port that Django's SMTP backend sends to;
it keeps every message and counts SMTP sessions (one per connection that says EHLO or HELO), and
can be stopped and started again on the same port to play a mail server that is down.
`celery_worker` runs a real worker in a thread on the real Redis (`REDIS_URL`); tests that use it
are marked `worker` and `django_db(transaction=True)` so the worker sees committed rows.
"""

import asyncio
import contextlib
import email
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
from email import policy
from pathlib import Path

import kombu.pools
import pytest
from aiosmtpd.controller import Controller
from celery.signals import task_postrun

ROOT = Path(__file__).resolve().parents[1]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RecordingHandler:
    """Keeps what the server receives; safe to read from the test thread.

    `data_delay`: seconds the server waits, having received a message, before it answers (a slow server; a
    client that gives up first cannot know whether the message went). `refuse`: addresses it refuses (550).
    """

    def __init__(self):
        self._lock = threading.Lock()
        self.messages = []
        self.sessions = 0
        self.data_delay = 0
        self.refuse = set()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
        return responses

    async def handle_HELO(self, server, session, envelope, hostname):
        session.host_name = hostname
        with self._lock:
            self.sessions += 1
        return f"250 {server.hostname}"

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.original_content or envelope.content, policy=policy.default)
        with self._lock:
            self.messages.append(message)
        if self.data_delay:
            await asyncio.sleep(self.data_delay)
        return "250 Message accepted for delivery"

    def reset(self):
        with self._lock:
            self.messages.clear()
            self.sessions = 0


class LocalSMTPServer:
    """An aiosmtpd server that can go down and come back on the same port."""

    def __init__(self, host="127.0.0.1", port=None):
        self.host = host
        self.port = port or free_port()
        self.handler = RecordingHandler()
        self._controller = None

    @property
    def messages(self):
        return list(self.handler.messages)

    @property
    def sessions(self):
        return self.handler.sessions

    @property
    def running(self):
        return self._controller is not None

    def start(self):
        if self._controller is None:
            # aiosmtpd's controller opens one connection itself to check it is up; it sends no EHLO,
            # so it is not counted as a session.
            controller = Controller(self.handler, hostname=self.host, port=self.port, ready_timeout=10)
            for _ in range(50):
                try:
                    controller.start()
                    break
                except OSError:  # the port is still in TIME_WAIT after a stop: try again shortly
                    controller = Controller(self.handler, hostname=self.host, port=self.port, ready_timeout=10)
                    time.sleep(0.1)
            else:
                raise RuntimeError(f"could not start the SMTP server on port {self.port}")
            self._controller = controller
        return self

    def stop(self):
        if self._controller is not None:
            self._controller.stop()
            self._controller = None
        return self

    def restart(self):
        return self.stop().start()

    def wait_for(self, count, timeout=20):
        """Wait until at least `count` messages arrived; return the messages."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if len(self.handler.messages) >= count:
                return self.messages
            time.sleep(0.05)
        return self.messages

    def configure(self, settings):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = self.host
        settings.EMAIL_PORT = self.port
        settings.EMAIL_HOST_USER = ""
        settings.EMAIL_HOST_PASSWORD = ""
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_USE_SSL = False
        settings.EMAIL_TIMEOUT = 10


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on 127.0.0.1 that Django's SMTP backend sends to. `.stop()`/`.start()` it at will."""
    server = LocalSMTPServer().start()
    server.configure(settings)
    yield server
    server.stop()


def port_is_closed(host, port):
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((host, port)) != 0


@contextlib.contextmanager
def running_worker():
    """A real Celery worker (threads pool, 4 threads) consuming from the app's broker, for the block."""
    from celery.contrib.testing.worker import start_worker

    from partnership.celery import app

    app.conf.task_always_eager = False
    # Worker threads close their database connections after each task, as a real worker does, so the
    # test database can be flushed and dropped afterwards.
    task_postrun.connect(_close_connections, weak=False)
    # Start from an empty queue: nothing left over from an earlier test reaches this worker.
    with app.connection_for_write() as connection:
        connection.default_channel.queue_purge(app.conf.task_default_queue)
    try:
        with start_worker(
            app, pool="threads", concurrency=4, perform_ping_check=False, loglevel="WARNING", shutdown_timeout=30
        ) as worker:
            yield worker
    finally:
        task_postrun.disconnect(_close_connections)


@pytest.fixture
def celery_worker(settings, _eager_celery):
    """A real Celery worker (threads pool, 4 threads) consuming from the real Redis broker."""
    from partnership.celery import app

    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: run under scripts/with_services.sh")
    with running_worker() as worker:
        yield worker
    app.conf.task_always_eager = True


class LocalRedis:
    """A redis-server of the test's own on a free port, to stop and start at will (the suite's stays up)."""

    def __init__(self, folder):
        self.folder = folder
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._process = None

    def start(self):
        if self._process is None:
            command = ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", ""]
            command += ["--appendonly", "no", "--dir", str(self.folder)]
            self._process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            wait_until(lambda: not port_is_closed("127.0.0.1", self.port), timeout=10)
        return self

    def stop(self):
        if self._process is not None:
            self._process.terminate()
            self._process.wait(timeout=10)
            self._process = None
        return self


def _point_celery_at(app, url):
    """Send the app's tasks to this broker from now on: the connection pools made for the old one are dropped."""
    app.conf.broker_url = url
    app.conf.broker_write_url = None
    app.conf.broker_read_url = None
    if app._pool is not None:
        app._pool.force_close_all()
        app._pool = None
    app.amqp._producer_pool = None
    # kombu keeps producer pools by broker: those made for either broker must not outlive its connections.
    kombu.pools.reset()


@pytest.fixture
def redis_server(settings, tmp_path, _eager_celery):
    """A Redis of this test's own as broker and cache, which `.stop()` and `.start()` take down and bring back."""
    from partnership.celery import app

    if shutil.which("redis-server") is None or not settings.REDIS_URL:
        pytest.skip("needs redis-server: run under scripts/with_services.sh")
    server = LocalRedis(tmp_path).start()
    before = app.conf.broker_url
    settings.REDIS_URL = server.url
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": server.url}}
    _point_celery_at(app, server.url)
    try:
        yield server
    finally:
        server.stop()
        _point_celery_at(app, before)


def _close_connections(**kwargs):
    from django.db import connections

    connections.close_all()


def wait_until(condition, timeout=20, interval=0.05):
    """Poll `condition` until it is truthy or the timeout passes; return its last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(interval)


@contextlib.contextmanager
def worker_process(settings, folder, **env):
    """A Celery worker in a process of its own (prefork, one child) on the test database: (process, log path).

    Its child can be killed outright (`child_pids`), as the OOM killer or a deploy would.
    """
    from django.db import connection

    db = connection.settings_dict
    environment = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "REDIS_URL": settings.REDIS_URL,
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),
        "CELERY_TASK_ALWAYS_EAGER": "false",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    log = Path(folder) / "worker.log"
    command = [sys.executable, "-m", "celery", "-A", "partnership", "worker", "--pool=prefork", "--concurrency=1"]
    command += ["--without-mingle", "--without-gossip", "--without-heartbeat", "-l", "info"]
    with log.open("w") as output:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=output, stderr=subprocess.STDOUT)
    try:
        yield process, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def child_pids(pid):
    out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True, text=True, check=False)
    return [int(line) for line in out.stdout.split()]

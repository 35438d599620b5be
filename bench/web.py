"""Serve the app with gunicorn on 127.0.0.1 and measure pages over real HTTP.

Everything here talks only to the loopback server it started, and every loop is bounded in
count and time.
"""

import contextlib
import http.client
import os
import re
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def gunicorn(*, workers=2, env_extra=None):
    """Start gunicorn (bench settings: the app plus the floor pages) and yield its base URL."""
    port = free_port()
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings", **(env_extra or {})}
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "bench.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", str(workers),
         "--log-level", "warning", "--timeout", "120"],
        cwd=ROOT, env=env,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=1):
                break
            time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start within 60 s")
        yield f"127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)


class Session:
    """One keep-alive HTTP connection with a signed-in session cookie."""

    def __init__(self, host):
        self.host = host
        self.cookies = {}
        self.connection = http.client.HTTPConnection(host, timeout=60)

    def _cookie_header(self):
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def request(self, method, path, body=None):
        headers = {"Cookie": self._cookie_header(), "Host": "127.0.0.1"}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://{self.host}{path}"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        content = response.read()
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, content

    def _post_form(self, path, fields):
        _, page = self.request("GET", path)
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
        return self.request("POST", path, urllib.parse.urlencode({"csrfmiddlewaretoken": token, **fields}))

    def sign_in(self, email, password, backup_codes=None):
        """Sign in through the login form and, for an admin (REQUIRE_ADMIN_2FA on, as in production), the
        two-factor form with one of `backup_codes`, taken from the list (each works once)."""
        status, _ = self._post_form("/accounts/login/", {"username": email, "password": password})
        if status != 302:
            raise RuntimeError(f"sign-in as {email} failed with HTTP {status}")
        if backup_codes is not None:
            status, _ = self._post_form("/accounts/two-factor/", {"code": backup_codes.pop()})
            if status != 302:
                raise RuntimeError(f"the second factor for {email} failed with HTTP {status}")
        return self


def _timed_get(session, path):
    start = time.perf_counter()
    status, _ = session.request("GET", path)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    return (time.perf_counter() - start) * 1000


def time_side_by_side(session, paths, count):
    """{path: latencies} for `count` rounds that GET each path in turn.

    Taking turns means every path meets the same moments of a noisy machine, so their ratio is
    not skewed by whatever else ran while one of them was being measured.
    """
    for path in paths:
        session.request("GET", path)  # warm caches and the worker
    samples = {path: [] for path in paths}
    for _ in range(count):
        for path in paths:
            samples[path].append(_timed_get(session, path))
    return samples


def percentile(samples, fraction):
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def summary(samples):
    return {"p50": statistics.median(samples), "p95": percentile(samples, 0.95)}


def load(host, mix, *, clients=20, seconds=30, max_requests=200_000, backup_codes=None):
    """`clients` signed-in sessions for `seconds`: throughput, p95, errors.

    mix: [((email, password), [paths]), ...]; client i signs in as mix[i % len(mix)] and cycles its paths.
    backup_codes: {email: [codes]} for the admins, one code for each client that signs in as them.
    """
    stop_at = time.monotonic() + seconds
    latencies, errors, lock = [], [], threading.Lock()
    budget = iter(range(max_requests))

    def client(index):
        credentials, paths = mix[index % len(mix)]
        session = Session(host).sign_in(*credentials, backup_codes=(backup_codes or {}).get(credentials[0]))
        position = index
        while time.monotonic() < stop_at and next(budget, None) is not None:
            path = paths[position % len(paths)]
            position += 1
            start = time.perf_counter()
            try:
                status, _ = session.request("GET", path)
            except OSError as error:
                status = repr(error)
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                latencies.append(elapsed)
                if status != 200:
                    errors.append(f"{path}: {status}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 120)
    elapsed = time.monotonic() - started
    return {
        "requests": len(latencies),
        "throughput": len(latencies) / elapsed,
        "p95": percentile(latencies, 0.95) if latencies else float("nan"),
        "errors": errors,
    }

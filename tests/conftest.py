import os
import socket
import urllib.parse

import pytest
from django.test.utils import override_settings

from tests import demodata, factories

# Playwright's sync API runs an event loop in the test thread; the live server and the test
# share the database through Django's sync ORM, which is safe here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


# The live server's address is fixed for the session before anything starts, so the test OpenID provider can hold
# its callback address from the start (pytest-django reads this variable). `localhost`, not an IP address: a
# passkey belongs to a host name.
os.environ.setdefault("DJANGO_LIVE_TEST_SERVER_ADDRESS", f"localhost:{_free_port()}")
LIVE_SERVER_URL = "http://" + os.environ["DJANGO_LIVE_TEST_SERVER_ADDRESS"]

CHROMIUM = "/usr/bin/chromium"
# Hashing a password with Argon2 as production does costs tens of milliseconds of CPU, on every user a factory makes
# and every sign-in. Tests use MD5 instead; tests/foundation/test_accounts.py checks that production's is Argon2.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Redis databases: 0 for a suite run on one process, 7 for the production-mode server (tests/production), and with
# pytest-xdist one each from 8 up, so one process's cache.clear() or queue purge never reaches another's.
FIRST_XDIST_REDIS_DB = 8


def _redis_url_for_this_process():
    url = os.environ.get("REDIS_URL", "")
    worker = os.environ.get("PYTEST_XDIST_WORKER", "")  # gw0, gw1, ... under pytest-xdist
    if not url or not worker.startswith("gw"):
        return url
    return urllib.parse.urlsplit(url)._replace(path=f"/{FIRST_XDIST_REDIS_DB + int(worker[2:])}").geturl()


def pytest_collection_modifyitems(config, items):
    """Under pytest-xdist (`--dist loadgroup`), the tests that share an expensive session fixture run in one process:
    the production-mode server (collectstatic, migrate, gunicorn) and the browser (Chromium, the demo snapshot) are
    then started once, not once per process. Without xdist (as `make test` installs) there is nothing to group."""
    if not config.pluginmanager.hasplugin("xdist"):
        return
    for item in items:
        for kind in ("production", "browser"):
            if item.get_closest_marker(kind):
                item.add_marker(pytest.mark.xdist_group(kind))
                break


@pytest.fixture(scope="session", autouse=True)
def _suite_settings(tmp_path_factory):
    """Settings for the whole run, before any test: the fast hasher; an empty STATIC_ROOT, since tests collect no
    static files (the live server serves them from the finders, tests/production collects its own), so WhiteNoise
    has a directory to read; files written under a temporary MEDIA_ROOT, never the checkout's var/; and, under
    pytest-xdist, this process's own Redis database for the cache and the Celery broker."""
    from partnership.celery import app

    redis_url = _redis_url_for_this_process()
    redis = {}
    if redis_url:
        os.environ["REDIS_URL"] = redis_url  # for the Celery workers and servers tests start in subprocesses
        redis = {
            "REDIS_URL": redis_url,
            "CACHES": {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url}},
            "CELERY_BROKER_URL": redis_url,
            "CELERY_RESULT_BACKEND": redis_url,
        }
        app.conf.update(broker_url=redis_url, result_backend=redis_url)
    with override_settings(
        PASSWORD_HASHERS=FAST_PASSWORD_HASHERS,
        STATIC_ROOT=tmp_path_factory.mktemp("static"),
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        **redis,
    ):
        yield


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    """As in production: admins give a second factor (tests/factories.py says how a test signs one in)."""
    settings.REQUIRE_ADMIN_2FA = True


@pytest.fixture(autouse=True)
def _downloads_closed(monkeypatch):
    """A file download the test only checks the status of keeps its file open (Django's test client closes a
    streamed response only once it is read); closed at the end of the test, as a server closes it after sending."""
    from django.core import signals
    from django.db import close_old_connections
    from django.test import client

    answered = []
    request = client.Client.request

    def keep(self, **kwargs):
        response = request(self, **kwargs)
        answered.append(response)
        return response

    monkeypatch.setattr(client.Client, "request", keep)
    yield
    # Closing a response tells Django the request finished, which closes the database connection: the test client
    # keeps that signal from it while it answers, and so does this.
    signals.request_finished.disconnect(close_old_connections)
    try:
        for response in answered:
            response.close()
    finally:
        signals.request_finished.connect(close_old_connections)


@pytest.fixture(autouse=True)
def _eager_celery(settings):
    """Most tests run Celery tasks in-process; tests marked `worker` use a real worker instead."""
    from partnership.celery import app

    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = False


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright's own browser download does not work here: drive Debian's Chromium.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@pytest.fixture(scope="session")
def base_url():
    """No base URL: tests go to `live_server.url` in full. Defined here because pytest-playwright's fallback for it
    is a session fixture written as an instance method, which pytest 9.2 deprecates (PytestRemovedIn10Warning)."""
    return None


@pytest.fixture
def admin_user(db):
    """A council admin who has given the second factor (see tests/factories.py)."""
    return factories.UserFactory(role="admin", person__organisation__name="Northport City Council")


@pytest.fixture
def admin_client(admin_user):
    """A client signed in as `admin_user`, second factor given."""
    return factories.signed_in_client(admin_user)


@pytest.fixture
def partner_user(db):
    return factories.UserFactory(role="partner")


@pytest.fixture
def other_partner_user(db):
    return factories.UserFactory(role="partner")


def _client_for(user):
    return factories.signed_in_client(user)


@pytest.fixture
def partner_client(partner_user):
    return _client_for(partner_user)


@pytest.fixture
def other_partner_client(other_partner_user):
    return _client_for(other_partner_user)


@pytest.fixture(scope="session")
def _demo_snapshot(django_db_setup, django_db_blocker, _suite_settings):
    with django_db_blocker.unblock():
        return demodata.take()


@pytest.fixture
def demo_data(transactional_db, _demo_snapshot):
    """The demo partnership (`load_demo`), committed for a transactional test (a browser test's live server reads
    it); loaded once per session and copied back for each test (tests/demodata.py)."""
    demodata.restore(_demo_snapshot)


# Real components (local SMTP server, Celery worker on Redis): see tests/realworld.py.
from tests.realworld import celery_worker, redis_server, smtp_server  # noqa: E402, F401


@pytest.fixture(scope="session")
def oidc_provider(tmp_path_factory):
    """A real OpenID Connect provider (tests/oidc.py), started once for the session."""
    from tests.oidc import Provider

    provider = Provider(tmp_path_factory.mktemp("oidc-provider"), ["http://testserver", LIVE_SERVER_URL])
    yield provider
    provider.stop()


@pytest.fixture
def sso(oidc_provider, settings):
    """Single sign-on configured with the test provider, as the environment variables would."""
    for name, value in oidc_provider.settings().items():
        setattr(settings, name, value)
    return oidc_provider


@pytest.fixture(scope="session")
def object_store(tmp_path_factory):
    """moto's S3-compatible server on 127.0.0.1 (tests/objectstore.py), started once for the session."""
    from tests.objectstore import ObjectStore

    store = ObjectStore(tmp_path_factory.mktemp("object-store")).start()
    yield store
    store.stop()


@pytest.fixture(scope="session")
def _test_bucket(object_store):
    return object_store.new_bucket()


@pytest.fixture(params=["file system", "object storage"])
def file_storage(request, settings, tmp_path):
    """Run the test twice: files under a MEDIA_ROOT of its own, then in a folder of its own in an S3 bucket (moto's
    server), through the same STORAGES settings production makes of OBJECT_STORAGE_*. `.kind` says which;
    `.stored()` lists what the test stored, as the store itself sees it."""
    from types import SimpleNamespace

    from django.core.files.storage import default_storage

    from tests.objectstore import release

    settings.MEDIA_ROOT = tmp_path / "media"
    if request.param == "file system":
        root = settings.MEDIA_ROOT
        yield SimpleNamespace(
            kind="file system", stored=lambda: sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())
        )
        return
    store = request.getfixturevalue("object_store")
    bucket = request.getfixturevalue("_test_bucket")
    prefix = f"test-{tmp_path.name}"[-60:]
    settings.STORAGES = {**settings.STORAGES, "default": store.backend(bucket, prefix)}
    yield SimpleNamespace(
        kind="object storage",
        store=store,
        bucket=bucket,
        prefix=prefix,
        stored=lambda: sorted(key.removeprefix(prefix + "/") for key in store.keys(bucket, prefix + "/")),
    )
    release(default_storage)

import os
import socket

import pytest

from tests import factories

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


@pytest.fixture(autouse=True)
def _second_factor_required(settings):
    """As in production: admins give a second factor (tests/factories.py says how a test signs one in)."""
    settings.REQUIRE_ADMIN_2FA = True


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


# Real components (local SMTP server, Celery worker on Redis): see tests/realworld.py.
from tests.realworld import celery_worker, smtp_server  # noqa: E402, F401


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

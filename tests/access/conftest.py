"""One world per test module: building it (three users, papers on disk, minutes) is the slow part.

The world is made inside a transaction held open for the whole module; each test runs in a savepoint
inside it (pytest-django's `db`), and the module's transaction is rolled back at the end, so nothing
leaks into other tests.
"""

import pytest
from django.db import transaction
from django.test import Client, override_settings

from tests.factories import signed_in_client

from .world import build_world


@pytest.fixture(scope="module")
def _module_media(tmp_path_factory):
    with override_settings(
        MEDIA_ROOT=tmp_path_factory.mktemp("media"),
        SITE_URL="https://partnership.example.org",
    ):
        yield


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, _module_media):
    with django_db_blocker.unblock(), transaction.atomic():
        yield build_world()
        transaction.set_rollback(True)


@pytest.fixture
def client_for(world, db):
    """A client for a role; the admin has given the second factor unless `second_factor=False` (the password
    alone, as after the login page and before the two-factor page)."""

    def make(role, *, second_factor=True):
        client = Client()
        if role == "anonymous":
            return client
        if second_factor:
            return signed_in_client(world.users[role], client)
        client.force_login(world.users[role])
        return client

    return make

"""Sign-in lock-out (django-axes): counted per account and real client address, however the email is typed."""

import pytest
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password, **meta):
    meta.setdefault("REMOTE_ADDR", "192.0.2.10")
    return client.post(reverse("login"), {"username": email, "password": password}, **meta)


def fail_until_locked(client, settings, email, **meta):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, email, "wrong password", **meta)


def test_changing_the_case_of_the_email_does_not_dodge_the_lock(client, settings):
    UserFactory(email="admin2@example.org")
    fail_until_locked(client, settings, "admin2@example.org")
    response = login(client, "  Admin2@Example.ORG ", PASSWORD)
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_failures_typed_in_mixed_case_count_towards_one_lock(client, settings):
    UserFactory(email="priya@example.org")
    for index in range(settings.AXES_FAILURE_LIMIT):
        login(client, "PRIYA@example.org" if index % 2 else "priya@EXAMPLE.org", "wrong password")
    assert login(client, "priya@example.org", PASSWORD).status_code == 429


def test_behind_a_proxy_each_client_is_counted_apart(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    fail_until_locked(client, settings, user.email, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    assert login(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy).status_code == 429
    # Someone else behind the same proxy is not locked out by the first client's failures.
    response = login(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.2", **proxy)
    assert response.status_code == 302


def test_a_made_up_forwarded_address_does_not_dodge_the_lock(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = UserFactory()
    proxy = {"REMOTE_ADDR": "10.0.0.1"}
    fail_until_locked(client, settings, user.email, HTTP_X_FORWARDED_FOR="203.0.113.1", **proxy)
    # The client puts a new address on the left each time; our proxy still appends the real one.
    response = login(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.7, 203.0.113.1", **proxy)
    assert response.status_code == 429


def test_without_a_trusted_proxy_the_forwarded_header_is_ignored(client, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    user = UserFactory()
    fail_until_locked(client, settings, user.email, HTTP_X_FORWARDED_FOR="203.0.113.1")
    assert login(client, user.email, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99").status_code == 429

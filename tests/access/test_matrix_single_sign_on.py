"""The access matrix for people signed in through a single sign-on provider (the real test provider, tests/oidc.py).

An admin whose provider asked for a second factor (`amr` holds "mfa") and partner A, both signed in at the provider,
get on every URL of the matrix exactly the answer the matrix gives the admin and partner A; an admin whose provider
did not ask for one gets no admin page, file or export, as with the password alone. Each is signed in once per module
(the matrix's world is built once) and every test reads with a fresh client holding that session.
"""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from tests.oidc import sign_in_through_provider

from .matrix import ENTRIES
from .test_matrix import PASSWORD_ONLY_CASES, outcome

# Single sign-on is on here, so its own two URLs answer as the sign-in machinery (tests/signin/), not as in the world.
SSO_MACHINERY = {"signin:sso_start", "signin:sso_callback"}
READERS = {"admin (provider's mfa)": ("admin", True), "partner_a": ("partner_a", False)}


@pytest.fixture(scope="module")
def provider_sessions(world, oidc_provider, django_db_blocker):
    with override_settings(**oidc_provider.settings()), django_db_blocker.unblock():
        sessions = {}
        for reader, (role, mfa) in {**READERS, "admin (no mfa)": ("admin", False)}.items():
            user = world.users[role]
            oidc_provider.add_account(user.email, mfa=mfa)
            client = Client()
            answer = sign_in_through_provider(client, oidc_provider, user.email)
            assert answer.status_code == 302, answer.content[:300]
            assert client.session["_auth_user_id"] == str(user.pk)
            sessions[reader] = client.cookies["sessionid"].value
        yield sessions


def _client(sessions, reader):
    client = Client()
    client.cookies["sessionid"] = sessions[reader]
    return client


@pytest.mark.parametrize("reader", list(READERS))
def test_a_provider_signed_in_reader_gets_the_matrix_answer_on_every_url(reader, world, provider_sessions, db):
    role = READERS[reader][0]
    client = _client(provider_sessions, reader)
    wrong = {}
    for entry in ENTRIES:
        if entry.name in SSO_MACHINERY:
            continue
        url = reverse(entry.name, kwargs=entry.kwargs(world))
        got = outcome(client.get(url))
        if got != entry.expected(role):
            wrong[entry.id] = f"{got}, the matrix says {entry.expected(role)}"
    assert wrong == {}
    # Still the same person at the end: nothing on the way signed them out.
    assert client.session["_auth_user_id"] == str(world.users[role].pk)


def test_an_admin_whose_provider_did_not_ask_for_mfa_gets_nothing_the_public_may_not(world, provider_sessions, db):
    client = _client(provider_sessions, "admin (no mfa)")
    opened = [
        entry.id
        for entry in PASSWORD_ONLY_CASES
        if client.get(reverse(entry.name, kwargs=entry.kwargs(world))).status_code == 200
    ]
    assert opened == []

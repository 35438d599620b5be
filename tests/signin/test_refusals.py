"""What comes back from the provider is checked before anyone is signed in: each forgery is refused, with no session.

The tokens below are the real provider's, changed on their way back to the app by `TamperingProxy` (or, for the
state and the code, a callback the browser did not start). Each is refused with the "cannot sign in" page, the
audit trail says why, and the client holds no session.
"""

import time

import pytest
from auditlog.models import LogEntry
from django.urls import reverse

from signin.models import ProviderLink
from tests.factories import UserFactory
from tests.oidc import TamperingProxy, callback_path, new_key, start_sign_in, through_provider

pytestmark = pytest.mark.django_db

EMAIL = "priya.raman@college.example"


@pytest.fixture
def partner(sso):
    sso.add_account(EMAIL, mfa=True)
    return UserFactory(role="partner", email=EMAIL)


@pytest.fixture
def tampered(sso, settings):
    proxies = []

    def through(tamper):
        proxy = TamperingProxy(sso, tamper)
        proxies.append(proxy)
        settings.SSO_DISCOVERY_URL = proxy.discovery_url
        return proxy

    yield through
    for proxy in proxies:
        proxy.close()


def refused(client, response, reason):
    assert response.status_code == 403, response.content[:300]
    assert "You cannot sign in this way" in response.content.decode()
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("signin:account")).status_code == 302  # to sign in: nobody is
    entry = LogEntry.objects.filter(changes__has_key="sign-in").latest("pk")
    assert entry.changes["sign-in"][1] == f"Single sign-on refused: {reason}"
    return entry


def sign_in(client, sso):
    return client.get(callback_path(through_provider(start_sign_in(client), sso.issuer, EMAIL)))


def test_a_token_signed_with_another_key_is_refused(client, sso, partner, tampered):
    attacker_key, _ = new_key("provider-key-1")  # the provider's key id, someone else's key
    tampered(lambda claims, token: sso.sign(claims, key=attacker_key))
    refused(client, sign_in(client, sso), "the ID token's signature does not match the provider's keys")
    assert not ProviderLink.objects.exists()


def test_a_token_with_its_claims_changed_after_signing_is_refused(client, sso, partner, tampered):
    def swap_payload(claims, token):
        header, _payload, signature = token.split(".")
        other = sso.sign({**claims, "sub": "someone-else"}).split(".")[1]
        return f"{header}.{other}.{signature}"

    tampered(swap_payload)
    refused(client, sign_in(client, sso), "the ID token's signature does not match the provider's keys")


def test_a_token_issued_to_another_client_is_refused(client, sso, partner, tampered):
    tampered(lambda claims, token: sso.sign({**claims, "aud": "another-app"}))
    refused(client, sign_in(client, sso), "the ID token was issued to another client (audience)")


def test_a_token_from_another_issuer_is_refused(client, sso, partner, tampered):
    tampered(lambda claims, token: sso.sign({**claims, "iss": "https://login.example.net"}))
    refused(client, sign_in(client, sso), "the ID token comes from another issuer")


def test_an_expired_token_is_refused(client, sso, partner, tampered):
    an_hour_ago = int(time.time()) - 3600
    tampered(lambda claims, token: sso.sign({**claims, "iat": an_hour_ago - 300, "exp": an_hour_ago}))
    refused(client, sign_in(client, sso), "the ID token has expired")


def test_an_unsigned_token_is_refused(client, sso, partner, tampered):
    import jwt

    tampered(lambda claims, token: jwt.encode(claims, key=None, algorithm="none"))
    refused(client, sign_in(client, sso), "the ID token is signed with 'none', not RS256")


def test_a_token_for_another_sign_in_is_refused_by_its_nonce(client, sso, partner, tampered):
    tampered(lambda claims, token: sso.sign({**claims, "nonce": "the-nonce-of-another-sign-in"}))
    refused(client, sign_in(client, sso), "JWT Nonce verification failed.")


def test_a_callback_whose_state_this_browser_did_not_start_is_refused(client, sso, partner):
    back = through_provider(start_sign_in(client), sso.issuer, EMAIL)
    forged = callback_path(back).replace("state=", "state=x")
    refused(client, client.get(forged), "the state does not match a sign-in started in this browser")


def test_a_callback_from_another_browsers_sign_in_is_refused(client, sso, partner, django_user_model):
    from django.test import Client

    victim_started = through_provider(start_sign_in(Client()), sso.issuer, EMAIL)
    refused(
        client, client.get(callback_path(victim_started)), "the state does not match a sign-in started in this browser"
    )


def test_a_replayed_code_signs_nobody_in(client, sso, partner):
    from django.test import Client

    back = callback_path(through_provider(start_sign_in(client), sso.issuer, EMAIL))
    assert client.get(back).status_code == 302  # the real sign-in
    # The same callback again: its state was used up.
    refused(client, client.get(back), "the state does not match a sign-in started in this browser")
    # The used code with a state this browser did start: the provider will not exchange a code twice.
    replay = Client()
    start_sign_in(replay)
    fresh_state = next(iter(replay.session["oidc_states"]))
    code = back.split("code=", 1)[1].split("&", 1)[0]
    answer = replay.get(f"{reverse('signin:sso_callback')}?code={code}&state={fresh_state}")
    refused(replay, answer, "the provider refused the code (400)")


def test_an_error_from_the_provider_is_refused(client, sso, partner):
    start_sign_in(client)
    state = next(iter(client.session["oidc_states"]))
    response = client.get(
        f"{reverse('signin:sso_callback')}?error=access_denied&error_description=cancelled&state={state}"
    )
    refused(client, response, "the provider answered access_denied: cancelled")


def test_a_refusal_ends_a_session_that_was_there(client, sso, partner):
    from tests.factories import signed_in_client

    signed_in_client(partner, client)
    refused(client, client.get(f"{reverse('signin:sso_callback')}?code=stolen&state=made-up"), (
        "the state does not match a sign-in started in this browser"))  # fmt: skip

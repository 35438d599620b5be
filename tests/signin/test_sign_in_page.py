"""The sign-in page offers both ways when a provider is configured, and says which way to go; password sign-in can be
switched off for an email domain; with no provider (`make run`) nothing changes."""

import subprocess
import sys

import pytest
from auditlog.models import LogEntry
from django.conf import settings as django_settings
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_with_no_provider_the_sign_in_page_offers_the_password_only(client):
    page = client.get(reverse("login")).content.decode()
    assert "With your organisation's account" not in page
    assert reverse("signin:sso_start") not in page
    assert client.get(reverse("signin:sso_start")).status_code == 404
    assert client.get(reverse("signin:sso_callback") + "?code=x&state=y").status_code == 404


def test_with_a_provider_the_sign_in_page_offers_both_ways(client, sso, settings):
    settings.PASSWORD_SIGN_IN_OFF_FOR_DOMAINS = ["northport.example"]
    page = client.get(reverse("login") + "?next=/meetings/").content.decode()
    assert "Sign in with the test identity provider" in page
    assert f'href="{reverse("signin:sso_start")}?next=/meetings/"' in page
    assert "With your email address and password" in page
    assert "People at <strong>northport.example</strong> must sign in this way." in page


def test_password_sign_in_is_refused_for_a_domain_that_must_use_single_sign_on(client, sso, settings):
    settings.PASSWORD_SIGN_IN_OFF_FOR_DOMAINS = ["northport.example"]
    officer = UserFactory(role="partner", email="officer@northport.example")

    response = client.post(
        reverse("login"), {"username": "Officer@Northport.example", "password": PASSWORD}, REMOTE_ADDR="192.0.2.9"
    )

    assert response.status_code == 200
    assert "People at northport.example sign in with the test identity provider" in response.content.decode()
    assert "_auth_user_id" not in client.session
    entry = LogEntry.objects.filter(object_id=officer.pk, changes__has_key="sign-in").latest("pk")
    assert entry.changes["sign-in"][1].startswith("Password sign-in refused: People at northport.example")
    assert entry.remote_addr == "192.0.2.9"


def test_people_at_other_domains_still_sign_in_with_their_password(client, sso, settings):
    settings.PASSWORD_SIGN_IN_OFF_FOR_DOMAINS = ["northport.example"]
    partner = UserFactory(role="partner", email="priya@college.example")
    response = client.post(reverse("login"), {"username": partner.email, "password": PASSWORD})
    assert response.status_code == 302
    entry = LogEntry.objects.filter(object_id=partner.pk, changes__has_key="sign-in").latest("pk")
    assert entry.changes["sign-in"][1] == "Signed in with email and password"


def test_no_password_reset_is_sent_to_a_domain_that_must_use_single_sign_on(client, sso, settings):
    from outbox.models import EmailDelivery

    settings.PASSWORD_SIGN_IN_OFF_FOR_DOMAINS = ["northport.example"]
    UserFactory(role="partner", email="officer@northport.example")
    client.post(reverse("password_reset"), {"email": "officer@northport.example"})
    assert not EmailDelivery.objects.filter(kind="password_reset").exists()


def run_check(**env):
    environment = {"PATH": "/usr/bin:/bin", "HOME": "/tmp", **env}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=django_settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_switching_password_sign_in_off_without_a_provider_refuses_to_start():
    result = run_check(PASSWORD_SIGN_IN_OFF_FOR_DOMAINS="northport.example")
    assert result.returncode != 0
    assert "PASSWORD_SIGN_IN_OFF_FOR_DOMAINS" in result.stderr and "SSO_CLIENT_ID" in result.stderr


def test_a_provider_without_its_secret_refuses_to_start():
    result = run_check(SSO_CLIENT_ID="app", SSO_ISSUER="https://login.example.net")
    assert result.returncode != 0
    assert "SSO_CLIENT_SECRET" in result.stderr

import re

import pytest
from django.core import mail
from django.urls import reverse

from outbox.models import EmailDelivery
from partnership import settings as production_settings
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def login(client, email, password):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR="192.0.2.10")


def test_a_partner_signs_in_with_email_in_any_case_and_lands_on_their_home_page(client):
    user = UserFactory(email="priya@example.org", person__name="Priya Raman")
    response = login(client, "Priya@Example.org", PASSWORD)
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "Welcome, Priya Raman" in page.content.decode()
    assert str(user.person.organisation) in page.content.decode()


def test_a_council_admin_lands_on_the_dashboard_once_the_second_factor_is_given(client, admin_user):
    from tests.foundation.test_two_factor import current_code

    response = login(client, admin_user.email, PASSWORD)
    assert response["Location"].startswith(reverse("two_factor"))
    response = client.post(response["Location"], {"code": current_code(admin_user.otp_device)})
    page = client.get(response["Location"])
    assert "<h1" in page.content.decode() and "Dashboard" in page.content.decode()


def test_a_wrong_password_re_renders_the_form_with_an_error_summary(client):
    user = UserFactory()
    response = login(client, user.email, "not the password")
    html = response.content.decode()
    assert response.status_code == 200
    assert "govuk-error-summary" in html
    assert "Enter a correct email address and password" in html
    assert "<title>Error: Sign in" in html


def test_repeated_failures_lock_the_account_and_address_with_a_clear_message(client, settings):
    user = UserFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        login(client, user.email, "wrong password")
    response = login(client, user.email, PASSWORD)  # even the right password is refused now
    assert response.status_code == 429
    assert "Too many attempts to sign in" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_is_a_post_that_ends_the_session(client):
    user = UserFactory()
    login(client, user.email, PASSWORD)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_signing_in_rotates_the_session_id(client):
    user = UserFactory()
    client.get(reverse("login"))
    client.session.save()
    before = client.session.session_key
    login(client, user.email, PASSWORD)
    assert client.session.session_key != before


def test_password_reset_by_email_lets_the_user_choose_a_new_password(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="reset.me@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "reset.me@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["reset.me@example.org"]
    assert "Reset your password" in message.subject
    link = re.search(r"https?://[^/\s]+(/accounts/reset/\S+/)", message.body).group(1)
    # The outbox records that it went, never the link: nothing an admin can read would let them in.
    delivery = EmailDelivery.objects.get()
    assert (delivery.kind, delivery.status, delivery.to_email) == ("password_reset", "sent", user.email)
    stored = " ".join(str(getattr(delivery, f.attname)) for f in EmailDelivery._meta.concrete_fields)
    assert link.rstrip("/").rsplit("/", 1)[1] not in stored
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.content.decode()
    new_password = "a brand new long passphrase"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)


def test_a_common_or_short_password_is_refused_on_change(client):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "too common" in html or "too short" in html
    user.refresh_from_db()
    assert user.check_password(PASSWORD)


def test_passwords_are_hashed_with_argon2(settings):
    # The suite hashes with MD5 for speed (tests/conftest.py); this test uses production's hashers.
    settings.PASSWORD_HASHERS = production_settings.PASSWORD_HASHERS
    user = UserFactory()
    assert user.password.startswith("argon2")
    assert user.check_password(PASSWORD)


def test_the_session_expires_after_idle_minutes(settings):
    assert settings.SESSION_SAVE_EVERY_REQUEST is True
    assert settings.SESSION_COOKIE_AGE == 30 * 60
